import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { externalRootId } from "../../src/trace/traceRecorder.ts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startLiveController, type LiveController } from "../../examples/config-mirror/liveController.ts";
import { MirrorReconciler } from "../../examples/config-mirror/mirrorReconciler.ts";
import { openTraceFile, parseTrace, ROOT_EVENT_LABEL, startApiServer, type ApiServer, type TraceSink } from "../../src/index.ts";

describe("a live controller loop (watch, queue, worker) traced against serve-api over HTTPS", () => {
  let server: ApiServer;
  let sink: TraceSink;
  let file: string;
  let loop: LiveController;
  beforeAll(async () => {
    server = await startApiServer({});
    file = join(await mkdtemp(join(tmpdir(), "kamera-trace-")), "live.jsonl");
    sink = await openTraceFile(file);
    loop = await startLiveController({ kubeconfig: server.kubeconfig, namespace: "default", controller: "MirrorController", sink, make: (api) => new MirrorReconciler(api) });
  });
  afterAll(async () => {
    await loop?.stop();
    await sink?.close();
    await server?.close();
  });

  it("mirrors a ConfigMap created from outside, and the trace shows the reconcile that did it and the root it came from", async () => {
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfig);
    const raw = KubernetesObjectApi.makeApiClient(kc);
    const created = (await raw.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app", namespace: "default" }, data: { k: "v" } } as never)) as {
      metadata: { resourceVersion: string };
    };
    const spec = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-mirror", namespace: "default" } };
    // Waits on a condition (the mirror exists and the loop is idle), not on a duration.
    const mirror = await vi.waitFor(async () => (await raw.read(spec as never)) as unknown as { data: Record<string, string>; metadata: { labels: Record<string, string> } }, {
      timeout: 20_000,
      interval: 20,
    });
    await vi.waitFor(async () => {
      await loop.idle();
      const t = parseTrace(await readFile(file, "utf8"));
      if (!t.events.some((e) => e.op === "GET" && e.name === "app-mirror" && e.reconcileId !== null && !e.error)) throw new Error("the mirror's own reconcile has not run yet");
    }, { timeout: 20_000, interval: 20 });
    expect(mirror.data).toEqual({ k: "v" });
    const root = externalRootId("core/ConfigMap/default/app", created.metadata.resourceVersion);
    expect(mirror.metadata.labels[ROOT_EVENT_LABEL]).toBe(root);
    const trace = parseTrace(await readFile(file, "utf8"), file);
    expect(trace.problems).toEqual([]);
    expect(loop.errors).toEqual([]);
    const create = trace.events.find((e) => e.op === "CREATE")!;
    expect([create.controller, create.name, create.rootId]).toEqual(["MirrorController", "app-mirror", root]);
    const rec = trace.reconciles.get(create.reconcileId!)!;
    expect([rec.controller, rec.namespace, rec.name, rec.endIndex !== undefined]).toEqual(["MirrorController", "default", "app", true]);
  });
});
