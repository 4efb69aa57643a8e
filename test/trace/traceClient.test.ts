import { Writable } from "node:stream";
import { KubeConfig, KubernetesObjectApi, PatchStrategy } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { ExplorerBuilder, parseTrace, ROOT_EVENT_LABEL, startApiServer, streamSink, traceClient, traceReconciler, type TraceSink } from "../../src/index.ts";
import { ctx } from "./recordedTrace.ts";

type Cm = { metadata: { resourceVersion: string; labels?: Record<string, string> }; data?: Record<string, string> };

const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" } });

async function memorySink(): Promise<TraceSink> {
  return streamSink(new Writable({ write: (_c, _e, cb) => cb() }));
}

describe("traceClient", () => {
  it("a traced merge patch on an object that already has a root label leaves the label as it was", async () => {
    const server = await startApiServer({});
    try {
      const kc = new KubeConfig();
      kc.loadFromString(server.kubeconfig);
      const raw = KubernetesObjectApi.makeApiClient(kc);
      await raw.create({ ...cm("source"), data: {} } as never);
      await raw.create({ ...cm("target"), metadata: { ...cm("target").metadata, labels: { [ROOT_EVENT_LABEL]: "first-root" } }, data: {} } as never);
      const sink = await memorySink();
      const api = traceClient(KubernetesObjectApi.makeApiClient(kc), { controller: "Patcher", sink });
      const patcher = traceReconciler(
        {
          async reconcile() {
            // Its root is the source's (an outside write): not the target's label.
            await api.read(cm("source") as never);
            await api.patch({ ...cm("target"), data: { k: "v" } } as never, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
            return {};
          },
        },
        { controller: "Patcher", sink },
      );
      await patcher.reconcile({ namespace: "default", name: "source" }, ctx);
      const target = (await raw.read(cm("target") as never)) as unknown as Cm;
      expect(target.data).toEqual({ k: "v" });
      expect(target.metadata.labels).toEqual({ [ROOT_EVENT_LABEL]: "first-root" });
      await sink.close();
    } finally {
      await server.close();
    }
  });

  it("a traced merge patch on an object without a root label adds the reconcile's root", async () => {
    const server = await startApiServer({});
    try {
      const kc = new KubeConfig();
      kc.loadFromString(server.kubeconfig);
      const raw = KubernetesObjectApi.makeApiClient(kc);
      await raw.create({ ...cm("source"), metadata: { ...cm("source").metadata, labels: { [ROOT_EVENT_LABEL]: "the-root" } }, data: {} } as never);
      await raw.create({ ...cm("target"), data: {} } as never);
      const sink = await memorySink();
      const api = traceClient(KubernetesObjectApi.makeApiClient(kc), { controller: "Patcher", sink });
      const patcher = traceReconciler(
        {
          async reconcile() {
            await api.read(cm("source") as never);
            await api.patch({ ...cm("target"), data: { k: "v" } } as never, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
            return {};
          },
        },
        { controller: "Patcher", sink },
      );
      await patcher.reconcile({ namespace: "default", name: "source" }, ctx);
      const target = (await raw.read(cm("target") as never)) as unknown as Cm;
      expect(target.metadata.labels).toEqual({ [ROOT_EVENT_LABEL]: "the-root" });
      await sink.close();
    } finally {
      await server.close();
    }
  });

  it("a traced JSON patch of kamera's Client adds the root label only when the object on the server has none", async () => {
    const chunks: string[] = [];
    const sink = await streamSink(new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) }));
    const eb = new ExplorerBuilder();
    eb.withReconciler("Patcher", (c) => {
      const client = traceClient(c, { controller: "Patcher", sink });
      return traceReconciler(
        {
          async reconcile() {
            await client.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "source" });
            for (const name of ["labelled", "bare"]) {
              await client.patch({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name }, [{ op: "add", path: "/data", value: { k: "v" } }], "json");
            }
            return {};
          },
        },
        { controller: "Patcher", sink },
      );
    }).for("core/ConfigMap");
    const state = eb
      .initialState()
      .addTopLevelObject({ ...cm("source"), metadata: { ...cm("source").metadata, labels: { [ROOT_EVENT_LABEL]: "the-root" } } }, "Patcher")
      .addObject({ ...cm("labelled"), metadata: { ...cm("labelled").metadata, labels: { [ROOT_EVENT_LABEL]: "first-root" } } })
      .addObject(cm("bare"))
      .build();
    await eb.build().explore(state);
    await sink.close();
    const trace = parseTrace(chunks.join(""));
    const patched = (name: string) => {
      const e = trace.events.find((ev) => ev.op === "PATCH" && ev.name === name && !ev.error)!;
      return (trace.objects.get(e.hash!) as unknown as Cm).metadata.labels;
    };
    expect(patched("labelled")).toEqual({ [ROOT_EVENT_LABEL]: "first-root" });
    expect(patched("bare")).toEqual({ [ROOT_EVENT_LABEL]: "the-root" });
  });
});
