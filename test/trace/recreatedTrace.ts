import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { openTraceFile, startApiServer, traceClient, traceReconciler } from "../../src/index.ts";
import { ctx } from "./recordedTrace.ts";

type Cm = { apiVersion: string; kind: string; metadata: { name: string; namespace: string; uid?: string; resourceVersion?: string }; data?: Record<string, string> };

/** What the recording did, with the uids and resourceVersions the server gave. */
export interface RecordedRecreate {
  file: string;
  text: string;
  uid: { first: string; second: string };
  rv: { appA: string; appB: string; appC: string };
}

/** The message the second reconcile fails with. */
export const FAILURE = "ConfigMap ghost is missing";

async function expectFailure(reconcile: () => Promise<unknown>): Promise<void> {
  try {
    await reconcile();
  } catch (e) {
    if ((e as Error).message === FAILURE) return;
    throw e;
  }
  throw new Error("the second reconcile was to fail");
}

/**
 * Records, over a real HTTPS round trip to serve-api through client-node:
 *  a. outside (untraced): create app {v: 1}                                   -> app@A, first uid
 *  b. r1 Keeper(app): GET app@A, DELETE app, CREATE app {v: 2}                -> app@B, second uid
 *  c. r2 Keeper(app): GET app@B, UPDATE app {v: 3} -> app@C, GET ghost (404, never created), throws FAILURE
 */
export async function recordRecreateTrace(): Promise<RecordedRecreate> {
  const server = await startApiServer({});
  try {
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfig);
    const raw = KubernetesObjectApi.makeApiClient(kc);
    const file = join(await mkdtemp(join(tmpdir(), "kamera-trace-")), "trace.jsonl");
    const sink = await openTraceFile(file);
    let n = 0;
    const newId = () => `id-${String(++n).padStart(3, "0")}`;
    const controller = "Keeper";
    const api = traceClient(KubernetesObjectApi.makeApiClient(kc), { controller, sink, newId });
    const cm = (name: string): Cm => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" } });
    let round = 0;
    const keeper = traceReconciler(
      {
        async reconcile() {
          const app = (await api.read(cm("app") as never)) as unknown as Cm;
          if (++round === 1) {
            await api.delete(cm("app") as never);
            await api.create({ ...cm("app"), data: { v: "2" } } as never);
            return {};
          }
          await api.replace({ ...app, data: { v: "3" } } as never);
          await api.read(cm("ghost") as never).catch(() => undefined);
          throw new Error(FAILURE);
        },
      },
      { controller, sink, newId },
    );
    const read = async () => ((await raw.read(cm("app") as never)) as unknown as Cm).metadata;

    await raw.create({ ...cm("app"), data: { v: "1" } } as never);
    const a = await read();
    await keeper.reconcile({ namespace: "default", name: "app" }, ctx);
    const b = await read();
    await expectFailure(async () => keeper.reconcile({ namespace: "default", name: "app" }, ctx));
    const c = await read();
    await sink.close();
    return {
      file,
      text: await readFile(file, "utf8"),
      uid: { first: a.uid!, second: b.uid! },
      rv: { appA: a.resourceVersion!, appB: b.resourceVersion!, appC: c.resourceVersion! },
    };
  } finally {
    await server.close();
  }
}
