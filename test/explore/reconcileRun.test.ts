import { describe, expect, it } from "vitest";
import { emptyServerMeta } from "../../src/apiserver/serverMeta.ts";
import type { StateReader } from "../../src/apiserver/stateReader.ts";
import { World } from "../../src/apiserver/world.ts";
import type { ControllerRegistration } from "../../src/controllerRegistration.ts";
import { FootprintRecorder } from "../../src/explore/footprint.ts";
import { runReconcile } from "../../src/explore/reconcileRun.ts";
import { ExplorerBuilder, type Client, type ReconcileResult } from "../../src/index.ts";
import { KindRegistry } from "../../src/kinds.ts";
import { loadHasher } from "../../src/objects/hasher.ts";

/** Explores one request of a reconciler that lists ConfigMaps (writing nothing) and returns what `result(run)` gives. */
async function exploreReturning(result: (run: number) => ReconcileResult | void, style: "async" | "sync") {
  let runs = 0;
  const eb = new ExplorerBuilder();
  eb.withReconciler("Returner", (client: Client) => ({
    reconcile() {
      runs++;
      const value = result(runs);
      if (style === "sync") return value as never;
      return client.list("v1", "ConfigMap").then(() => value);
    },
  })).for("core/Secret");
  const r = await eb.build().explore(eb.initialState().enqueue("Returner", { namespace: "default", name: "x" }).build(), { memoizeReconciles: false });
  const steps = [];
  for (let e = 0; e < r.graph.edgeCount(); e++) {
    const [from, to, step] = r.graph.edge(e);
    steps.push({ from, to, requeue: r.graph.step(step).requeue ?? false, requeueAfter: r.graph.step(step).requeueAfter });
  }
  return { r, steps };
}

describe("a reconcile's return value", () => {
  for (const style of ["async", "sync"] as const) {
    it(`{ requeue: true } from a ${style} reconcile that writes nothing keeps the request pending: the state loops on itself`, async () => {
      const { r, steps } = await exploreReturning(() => ({ requeue: true }), style);
      expect(steps).toEqual([{ from: 0, to: 0, requeue: true, requeueAfter: undefined }]);
      expect(r.convergedStates).toEqual([]);
      expect(r.nonConverging).toHaveLength(1);
    });

    it(`{ requeueAfter } from a ${style} reconcile is recorded on the step and requeues`, async () => {
      const { steps } = await exploreReturning(() => ({ requeueAfter: 30_000 }), style);
      expect(steps).toEqual([{ from: 0, to: 0, requeue: true, requeueAfter: 30_000 }]);
    });

    it(`undefined from a ${style} reconcile ends the request`, async () => {
      const { r, steps } = await exploreReturning(() => undefined, style);
      expect(steps).toEqual([{ from: 0, to: 1, requeue: false, requeueAfter: undefined }]);
      expect(r.convergedStates).toHaveLength(1);
    });
  }
});

describe("interceptReads", () => {
  const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "seen", namespace: "default" } };
  // Lists Secrets through its factory's view, gets and lists ConfigMaps, reads the clock, creates one and updates it.
  const reg: ControllerRegistration = {
    id: "Reader",
    for: "core/ConfigMap",
    watches: [],
    owns: [],
    factory: (client, view) => ({
      async reconcile(_req, ctx) {
        view.list("core/Secret");
        await client.get({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "seen" });
        await client.list("v1", "ConfigMap", { namespace: "default" });
        ctx.now();
        await client.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "made", namespace: "default" } });
        // Reads its own write back through the transaction: not a read of the state.
        await client.update({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "made", namespace: "default" }, data: { a: "1" } });
      },
    }),
  };
  async function run(interceptReads: (reader: StateReader) => StateReader) {
    const world = World.fromObjects([["core/ConfigMap", cm]]);
    return runReconcile({
      reg,
      request: { namespace: "default", name: "seen" },
      view: world,
      trueWorld: world,
      meta: emptyServerMeta(),
      now: new Date(5_000),
      kinds: new KindRegistry(),
      hasher: await loadHasher(),
      prefix: [],
      timeoutMs: 5_000,
      interceptReads,
    });
  }

  it("sees every read a reconcile makes of its state — client, factory view, writes' checks, clock — and nothing of its own writes", async () => {
    const reads: string[] = [];
    const logged = (reader: StateReader): StateReader => ({
      ...reader,
      get: (key) => (reads.push(`get ${key.replaceAll("\u0000", " ")}`), reader.get(key)),
      list: (kind, filter) => (reads.push(`list ${kind} ${filter.key}`), reader.list(kind, filter)),
      incarnation: (key) => (reads.push(`incarnation ${key.replaceAll("\u0000", " ")}`), reader.incarnation(key)),
      now: () => (reads.push("now"), reader.now()),
    });
    const out = await run(logged);
    expect(out.error).toBeUndefined();
    expect(out.effects.map((e) => e.op)).toEqual(["CREATE", "UPDATE"]);
    expect(reads).toEqual([
      'list core/Secret *',
      "get core/ConfigMap default seen",
      'list core/ConfigMap ["default","",""]',
      "now",
      "get core/ConfigMap default made",
      "incarnation core/ConfigMap default made",
    ]);
  });

  it("installs the partial-order reduction's footprint recorder: the keys and kinds read, with the key a create counted incarnations of", async () => {
    const recorder = new FootprintRecorder();
    const out = await run((reader) => recorder.reads(reader));
    expect(out.error).toBeUndefined();
    const key = (name: string) => `core/ConfigMap\u0000default\u0000${name}`;
    expect([...recorder.footprint.readKeys].sort()).toEqual([key("made"), key("seen")]);
    expect([...recorder.footprint.readKinds].sort()).toEqual(["core/ConfigMap", "core/Secret"]);
    expect(recorder.footprint.readsAll).toBe(false);
  });
});

describe("the outcome's world", () => {
  const kept = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kept", namespace: "default" }, data: { a: "1" } };
  const gone = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gone", namespace: "default" } };
  let late: (() => Promise<unknown>) | undefined;
  const reg: ControllerRegistration = {
    id: "Writer",
    for: "core/ConfigMap",
    watches: [],
    owns: [],
    factory: (client) => ({
      async reconcile() {
        await client.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "made", namespace: "default" } });
        await client.update({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "made", namespace: "default" }, data: { b: "2" } });
        await client.delete({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "gone" });
        // A write the reconcile leaves behind, made after it returned: not part of its outcome.
        late = () => client.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "late", namespace: "default" } });
      },
    }),
  };

  it("is the true world with the run's writes applied in order, answered object by object without the world, and blind to writes after the run", async () => {
    const world = World.fromObjects([
      ["core/ConfigMap", kept],
      ["core/ConfigMap", gone],
    ]);
    const out = await runReconcile({
      reg,
      request: { namespace: "default", name: "kept" },
      view: world,
      trueWorld: world,
      meta: emptyServerMeta(),
      now: new Date(0),
      kinds: new KindRegistry(),
      hasher: await loadHasher(),
      prefix: [],
      timeoutMs: 5_000,
    });
    await late!();
    expect(out.effects.map((e) => `${e.op} ${e.name}`)).toEqual(["CREATE made", "UPDATE made", "REMOVE gone"]);
    const after = out as typeof out & { objectAfter(kind: string, namespace: string, name: string): unknown };
    expect(after.objectAfter("core/ConfigMap", "default", "made")).toBe(out.effects[1]!.after);
    expect(after.objectAfter("core/ConfigMap", "default", "gone")).toBeUndefined();
    expect(after.objectAfter("core/ConfigMap", "default", "kept")).toBe(world.get("core/ConfigMap", "default", "kept"));
    expect(after.objectAfter("core/ConfigMap", "default", "late")).toBeUndefined();
    expect(out.world.keys().map((k) => k.split("\u0000")[2])).toEqual(["kept", "made"]);
    expect(out.world.get("core/ConfigMap", "default", "made")).toBe(out.effects[1]!.after);
    expect(after.objectAfter("core/ConfigMap", "default", "made")).toBe(out.effects[1]!.after);
    expect(world.size).toBe(2);
  });
});
