import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { MirrorReconciler } from "../../examples/config-mirror/mirrorReconciler.ts";
import { openTraceFile, startApiServer, traceClient, traceReconciler, type KubernetesObjectApiLike, type ReconcileContext } from "../../src/index.ts";

export const ctx: ReconcileContext = { now: () => new Date(0), choose: (_l, o) => o[0]!, signal: new AbortController().signal, log: () => undefined };

type Cm = { apiVersion?: string; kind?: string; metadata: { name: string; namespace: string; resourceVersion?: string; labels?: Record<string, string> }; data?: Record<string, string> };

/** What the recording did, with the resourceVersions the server gave, for known-answer checks. */
export interface Recorded {
  file: string;
  text: string;
  rv: { webA: string; mirrorB: string; webC: string; webD: string; mirrorE: string; mirrorF: string };
}

/**
 * Records, over a real HTTPS round trip to serve-api through client-node:
 *  a. outside (untraced): create web {greeting: hello}                     -> web@A
 *  b. r1 MirrorController(web): GET web@A, GET web-mirror (404), CREATE    -> web-mirror@B
 *  b'. r1b MirrorController(web-mirror): GET web-mirror@B (a mirror: stop)
 *  c. outside (untraced): web {greeting: hi}                               -> web@C
 *  d. r2 MirrorController(web): GET web@C; then "intruder" (traced, no reconcile) sets web {hey} -> web@D;
 *     r2 GETs web-mirror@B and replaces it with {hi}                       -> web-mirror@E  (acted on stale web@C)
 *  e. r3 MirrorController(web): GET web@D, GET web-mirror@E, replace        -> web-mirror@F {hey}
 */
export async function recordMirrorTrace(): Promise<Recorded> {
  const server = await startApiServer({});
  try {
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfig);
    const raw = KubernetesObjectApi.makeApiClient(kc);
    const file = join(await mkdtemp(join(tmpdir(), "kamera-trace-")), "trace.jsonl");
    const sink = await openTraceFile(file);
    let n = 0;
    const newId = () => `id-${String(++n).padStart(3, "0")}`;
    const controller = "MirrorController";
    const api = traceClient(KubernetesObjectApi.makeApiClient(kc), { controller, sink, newId });
    const intruder = traceClient(KubernetesObjectApi.makeApiClient(kc), { controller: "intruder", sink, newId });
    let arm = false;
    let webD = "";
    const hooked: KubernetesObjectApiLike = {
      ...api,
      read: (async (spec: Cm) => {
        const r = (await api.read(spec as never)) as unknown as Cm;
        if (arm && spec.metadata.name === "web") {
          arm = false;
          const d = (await intruder.replace({ ...r, data: { greeting: "hey" } } as never)) as unknown as Cm;
          webD = d.metadata.resourceVersion!;
        }
        return r;
      }) as never,
    } as unknown as KubernetesObjectApiLike;
    const reconciler = traceReconciler(new MirrorReconciler(hooked), { controller, sink, newId });
    const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" } });
    const rvOf = async (name: string) => ((await raw.read(cm(name) as never)) as unknown as Cm).metadata.resourceVersion!;

    await raw.create({ ...cm("web"), data: { greeting: "hello" } } as never);
    const webA = await rvOf("web");
    await reconciler.reconcile({ namespace: "default", name: "web" }, ctx);
    const mirrorB = await rvOf("web-mirror");
    await reconciler.reconcile({ namespace: "default", name: "web-mirror" }, ctx);
    const web = (await raw.read(cm("web") as never)) as unknown as Cm;
    await raw.replace({ ...web, data: { greeting: "hi" } } as never);
    const webC = await rvOf("web");
    arm = true;
    await reconciler.reconcile({ namespace: "default", name: "web" }, ctx);
    const mirrorE = await rvOf("web-mirror");
    await reconciler.reconcile({ namespace: "default", name: "web" }, ctx);
    const mirrorF = await rvOf("web-mirror");
    await sink.close();
    return { file, text: await readFile(file, "utf8"), rv: { webA, mirrorB, webC, webD, mirrorE, mirrorF } };
  } finally {
    await server.close();
  }
}

/**
 * The recorded trace cut just before the end record of its last reconcile (r3, id-012): a trace
 * of a reconcile still running when it was cut, or whose process died before it ended.
 */
export function cutBeforeLastEnd(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n");
  const last = lines.pop()!;
  if (!last.startsWith('{"type":"reconciled","id":"id-012"')) throw new Error(`the trace was to end with the end record of r3, not ${last}`);
  return lines.join("\n") + "\n";
}
