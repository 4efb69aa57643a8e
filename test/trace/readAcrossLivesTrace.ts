import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { openTraceFile, startApiServer, traceClient, traceReconciler, type KubernetesObjectApiLike } from "../../src/index.ts";
import { ctx } from "./recordedTrace.ts";

type Cm = { apiVersion: string; kind: string; metadata: { name: string; namespace: string; uid?: string; resourceVersion?: string }; data?: Record<string, string> };

/** What the recording did, with the uids and resourceVersions the server gave. */
export interface RecordedReadAcrossLives {
  file: string;
  text: string;
  uid: { first: string; second: string };
  rv: { appA: string; appB: string; copyX: string; copyY: string };
}

/**
 * Records, over a real HTTPS round trip to serve-api through client-node:
 *  a. outside (untraced): create app {v: 1}                                  -> app@A, first uid
 *  b. r1 Copier(app): GET app@A; then "intruder" (traced, no reconcile) deletes app and creates
 *     it again {v: 2}                                                       -> app@B, second uid;
 *     r1 CREATE app-copy {v: 1, round: 1}                                   -> app-copy@X
 *  c. r2 Copier(app): GET app answered by a stale cache: app@A, the deleted object, while the
 *     server holds app@B; GET app-copy@X; UPDATE app-copy {v: 1, round: 2}  -> app-copy@Y
 */
export async function recordReadAcrossLivesTrace(): Promise<RecordedReadAcrossLives> {
  const server = await startApiServer({});
  try {
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfig);
    const raw = KubernetesObjectApi.makeApiClient(kc);
    const file = join(await mkdtemp(join(tmpdir(), "kamera-trace-")), "trace.jsonl");
    const sink = await openTraceFile(file);
    let n = 0;
    const newId = () => `id-${String(++n).padStart(3, "0")}`;
    const controller = "Copier";
    const cm = (name: string): Cm => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" } });

    await raw.create({ ...cm("app"), data: { v: "1" } } as never);
    const appA = (await raw.read(cm("app") as never)) as unknown as Cm;
    // An informer's cache that has not caught up: in the second round it still answers the first app.
    let cacheBehind = false;
    const cache: KubernetesObjectApiLike = {
      read: ((spec: Cm, ...rest: unknown[]) => (cacheBehind && spec.metadata.name === "app" ? Promise.resolve(appA) : (raw.read as (...a: unknown[]) => Promise<unknown>)(spec, ...rest))) as never,
      list: raw.list.bind(raw),
      create: raw.create.bind(raw),
      replace: raw.replace.bind(raw),
      patch: raw.patch.bind(raw),
      delete: raw.delete.bind(raw),
    } as unknown as KubernetesObjectApiLike;
    const api = traceClient(cache, { controller, sink, newId });
    const intruder = traceClient(KubernetesObjectApi.makeApiClient(kc), { controller: "intruder", sink, newId });
    let round = 0;
    const copier = traceReconciler(
      {
        async reconcile() {
          const app = (await api.read(cm("app") as never)) as unknown as Cm;
          if (++round === 1) {
            await intruder.delete(cm("app") as never);
            await intruder.create({ ...cm("app"), data: { v: "2" } } as never);
            await api.create({ ...cm("app-copy"), data: { ...app.data, round: "1" } } as never);
            return {};
          }
          const copy = (await api.read(cm("app-copy") as never)) as unknown as Cm;
          await api.replace({ ...copy, data: { ...app.data, round: "2" } } as never);
          return {};
        },
      },
      { controller, sink, newId },
    );
    const read = async (name: string) => ((await raw.read(cm(name) as never)) as unknown as Cm).metadata;

    await copier.reconcile({ namespace: "default", name: "app" }, ctx);
    const b = await read("app");
    const x = await read("app-copy");
    cacheBehind = true;
    await copier.reconcile({ namespace: "default", name: "app" }, ctx);
    const y = await read("app-copy");
    await sink.close();
    return {
      file,
      text: await readFile(file, "utf8"),
      uid: { first: appA.metadata.uid!, second: b.uid! },
      rv: { appA: appA.metadata.resourceVersion!, appB: b.resourceVersion!, copyX: x.resourceVersion!, copyY: y.resourceVersion! },
    };
  } finally {
    await server.close();
  }
}
