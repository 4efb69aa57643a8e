import { describe, expect, it } from "vitest";
import { bundledScenarios } from "../../examples/index.ts";
import { emptyServerMeta } from "../../src/apiserver/serverMeta.ts";
import { World } from "../../src/apiserver/world.ts";
import { builtinControllers } from "../../src/controllers/builtinControllers.ts";
import { ReconcileMemo, type MemoOutcome } from "../../src/explore/reconcileMemo.ts";
import { ExplorerBuilder, pathSignature, type Client, type ExploreOptions, type KubeObject } from "../../src/index.ts";
import type { InitialState } from "../../src/explore/initialStateBuilder.ts";
import { loadHasher } from "../../src/objects/hasher.ts";
import { objectKeyString } from "../../src/objects/objectKey.ts";
import { VersionTable } from "../../src/objects/versionTable.ts";
import { deployment, job, service, statefulSet } from "../controllers/workloadFixtures.ts";

type Result = Awaited<ReturnType<ReturnType<ExplorerBuilder["build"]>["explore"]>>;

/** Everything a user can see of a result except timings and the run counters. */
function observable(r: Result) {
  const paths = (s: Result["convergedStates"][number]) => s.paths.map(pathSignature);
  return {
    complete: r.complete,
    states: r.stats.uniqueStates,
    transitions: r.stats.transitions,
    converged: r.convergedStates.map((s) => ({ id: s.id, pathCount: s.pathCount, paths: paths(s), objects: s.objects.length })),
    aborted: r.abortedStates.map((s) => ({ id: s.id, reason: s.reason, error: s.error })),
    nonConverging: r.nonConverging.map((n) => ({ id: n.id, paths: n.paths.map(pathSignature), cycle: n.cycle && pathSignature(n.cycle) })),
    violations: r.violations.map((v) => ({ invariant: v.invariant, message: v.message, state: v.stateId, path: pathSignature(v.path) })),
  };
}

async function both(build: () => { builder: ExplorerBuilder; initial: InitialState; options?: ExploreOptions }) {
  const a = build();
  const on = await a.builder.build().explore(a.initial, { ...a.options });
  const b = build();
  const off = await b.builder.build().explore(b.initial, { ...b.options, memoizeReconciles: false });
  return { on, off };
}

type ConfigMap = KubeObject & { data?: Record<string, string> };

const cm = (name: string, data: Record<string, string>): ConfigMap => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data });

describe("reconcile memoization", () => {
  for (const scenario of bundledScenarios.filter((s) => s.name !== "knative-serving")) {
    it(`gives ${scenario.name} the same states, outcomes and paths as running every reconcile`, async () => {
      const { on, off } = await both(() => scenario.build());
      expect(observable(on)).toEqual(observable(off));
      expect(off.stats.reconcilesReplayed).toBe(0);
      expect(on.stats.reconcilesExecuted + on.stats.reconcilesReplayed).toBe(off.stats.reconcilesExecuted);
    });
  }

  it("gives the built-in controllers (generated names, new uids, the garbage collector) the same results", async () => {
    const { on, off } = await both(() => {
      const builder = new ExplorerBuilder().withControllers(
        builtinControllers({ only: ["DeploymentController", "ReplicaSetController", "PodLifecycle", "EndpointsController"] }),
      );
      const initial = builder
        .initialState()
        .addTopLevelObject(deployment("web", 2, "nginx:1"), "DeploymentController")
        .addTopLevelObject(service("web", { app: "web" }), "EndpointsController")
        .build();
      return { builder, initial };
    });
    expect(observable(on)).toEqual(observable(off));
    expect(on.stats.reconcilesReplayed).toBeGreaterThan(0);
    expect(on.stats.reconcilesExecuted).toBeLessThan(off.stats.reconcilesExecuted);
  });

  for (const [name, only, seed] of [
    ["a StatefulSet with volume claim templates", ["StatefulSetController", "PodLifecycle"], () => statefulSet("db", 2)],
    ["a Job", ["JobController", "PodLifecycle"], () => job("batch", { completions: 2, parallelism: 2 })],
  ] as const) {
    it(`gives ${name} the same results with its built-in controllers`, async () => {
      const { on, off } = await both(() => {
        const builder = new ExplorerBuilder().withControllers(builtinControllers({ only: [...only] }));
        const initial = builder.initialState().addTopLevelObject(seed(), only[0]).build();
        return { builder, initial };
      });
      expect(on.complete).toBe(true);
      expect(observable(on)).toEqual(observable(off));
      expect(on.convergedStates.length).toBeGreaterThan(0);
      expect(on.stats.reconcilesReplayed).toBeGreaterThan(0);
    });
  }

  it("gives the garbage collector's owner lookups the same results, and replays them", async () => {
    // Maker creates two children owned by the parent; Cleaner then deletes the parent in the
    // foreground, so the collector looks owners and dependents up by uid; Toucher's unrelated
    // writes multiply the interleavings.
    const build = () => {
      const builder = new ExplorerBuilder();
      builder
        .withReconciler("Maker", (client: Client) => ({
          async reconcile(req) {
            if (req.name !== "parent") return;
            const parent = await client.get<ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: req.name }).catch(() => undefined);
            if (!parent || parent.metadata?.deletionTimestamp) return;
            for (const n of ["c1", "c2"]) {
              const ownerReferences = [{ apiVersion: "v1", kind: "ConfigMap", name: req.name, uid: parent.metadata!.uid!, blockOwnerDeletion: true }];
              try {
                await client.create<ConfigMap>({ ...cm(n, {}), metadata: { name: n, namespace: req.namespace, ownerReferences } });
              } catch {
                // already made
              }
            }
          },
        }))
        .for("core/ConfigMap");
      builder.withReconciler("Cleaner", (client: Client) => ({
        async reconcile(req) {
          const kids = await client.list<ConfigMap>("v1", "ConfigMap", { namespace: req.namespace });
          if (kids.filter((k) => k.metadata?.name?.startsWith("c")).length < 2) return { requeue: true };
          try {
            await client.delete({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: "parent" }, { propagationPolicy: "Foreground" });
          } catch {
            // gone already
          }
        },
      })).for("core/Secret");
      builder.withReconciler("Toucher", (client: Client) => ({
        async reconcile(req) {
          const t = await client.get<ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: req.name });
          const n = Number(t.data?.n ?? "0");
          if (n < 2) await client.update({ ...t, data: { n: String(n + 1) } });
        },
      })).for("core/Service");
      const initial = builder
        .initialState()
        .addTopLevelObject(cm("parent", {}), "Maker")
        .addObject(cm("touched", {}))
        .enqueue("Cleaner", { namespace: "default", name: "go" })
        .enqueue("Toucher", { namespace: "default", name: "touched" })
        .build();
      return { builder, initial };
    };
    const { on, off } = await both(build);
    expect(observable(on)).toEqual(observable(off));
    const names = (r: Result) => r.convergedStates.map((s) => s.objects.map((o) => o.metadata?.name));
    expect(names(on)).toEqual([["touched"]]);
    expect(on.stats.reconcilesReplayed).toBeGreaterThan(0);
  });

  it("gives a snapshot controller (withSnapshotController), which reads every object, the same results", async () => {
    const { on, off } = await both(() => {
      const builder = new ExplorerBuilder();
      for (const n of ["a", "b"]) {
        builder
          .withSnapshotController(`mark-${n}`, (rec) => ({
            async reconcileAtState(objects, req) {
              const mine = objects.find((o) => o.metadata?.name === req.name) as ConfigMap | undefined;
              const marks = objects.filter((o) => (o as ConfigMap).data?.marked === "yes").length;
              if (mine && mine.data?.marked !== "yes") await rec.recordEffect({ ...mine, data: { marked: "yes", before: String(marks) } }, "UPDATE");
            },
          }))
          .for("core/ConfigMap");
      }
      const initial = builder.initialState().addTopLevelObject(cm("a", {}), "mark-a").addTopLevelObject(cm("b", {}), "mark-b").build();
      return { builder, initial };
    });
    expect(observable(on)).toEqual(observable(off));
    // Who marked first differs by order: two worlds.
    expect(on.convergedStates).toHaveLength(2);
  });

  it("replays a reconcile whose reads are unchanged by an unrelated write", async () => {
    // Two independent copiers: each run of one sees the same source whatever the other did, so
    // every reconcile after the first of each request is a replay.
    const { on } = await both(() => {
      const builder = new ExplorerBuilder();
      for (const n of ["a", "b", "c"]) {
        builder
          .withReconciler(`copy-${n}`, (client: Client) => ({
            async reconcile(req) {
              const src = await client.get<ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: req.name });
              const step = Number(src.data?.step ?? "0");
              if (step < 2) await client.update({ ...src, data: { step: String(step + 1) } });
            },
          }))
          .for("core/ConfigMap");
      }
      let initial = builder.initialState();
      for (const n of ["a", "b", "c"]) initial = initial.addTopLevelObject(cm(n, { step: "0" }), `copy-${n}`);
      return { builder, initial: initial.build() };
    });
    expect(on.complete).toBe(true);
    expect(on.convergedStates).toHaveLength(1);
    expect(on.stats.reconcilesReplayed).toBeGreaterThan(on.stats.reconcilesExecuted);
  });

  it("reports a reconciler that reads different things after the same answers as nondeterministic", async () => {
    let calls = 0;
    const builder = new ExplorerBuilder();
    builder
      .withReconciler("Fickle", (client: Client) => ({
        async reconcile(req) {
          // Shared state outside kamera: the second and later runs read another object first.
          calls++;
          if (calls > 1) await client.list("v1", "Secret", { namespace: "default" });
          const c = await client.get<ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: req.name });
          if (c.data?.done !== "yes") await client.update({ ...c, data: { done: "yes" } });
        },
      }))
      .for("core/ConfigMap");
    builder.withReconciler("Other", (client: Client) => ({
      async reconcile(req) {
        const c = await client.get<ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: req.name });
        if (c.data?.other !== "yes") await client.update({ ...c, data: { ...c.data, other: "yes" } });
      },
    })).for("core/ConfigMap");
    const initial = builder.initialState().addTopLevelObject(cm("x", {}), "Fickle").enqueue("Other", { namespace: "default", name: "y" }).addObject(cm("y", {})).build();
    const result = await builder.build().explore(initial);
    expect(result.nondeterministic.map((n) => n.reconcilerId)).toEqual(["Fickle"]);
    expect(result.nondeterministic[0]!.first).toContain("get core/ConfigMap default x");
    expect(result.nondeterministic[0]!.second).toContain("list core/Secret");
  });

  it("runs reconciles that use ctx.choose every time", async () => {
    const builder = new ExplorerBuilder();
    builder
      .withReconciler("Chooser", (client: Client) => ({
        async reconcile(req, ctx) {
          const c = await client.get<ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: req.name });
          if (c.data?.v) return;
          const v = ctx.choose("value", ["1", "2"]);
          await client.update({ ...c, data: { v } });
        },
      }))
      .for("core/ConfigMap");
    const initial = builder.initialState().addTopLevelObject(cm("x", {}), "Chooser").build();
    const result = await builder.build().explore(initial);
    expect(result.convergedStates.map((s) => (s.objects[0] as ConfigMap).data)).toEqual(expect.arrayContaining([{ v: "1" }, { v: "2" }]));
    expect(result.stats.reconcilesReplayed).toBe(0);
  });
});

describe("ReconcileMemo", () => {
  async function setup() {
    const versions = new VersionTable(await loadHasher(), () => []);
    const world = (objs: KubeObject[]) => World.fromObjects(objs.map((o) => ["core/ConfigMap", versions.object(versions.intern("core/ConfigMap", o))] as const));
    const outcome: MemoOutcome = { effects: [], changed: [], changedKeys: [], revisions: 0, created: [], requeue: false, logs: ["recorded"] };
    return { versions, world, outcome };
  }
  const key = objectKeyString("core/ConfigMap", "default", "a");

  it("answers a lookup on a state where every recorded read gives the same version", async () => {
    const { versions, world, outcome } = await setup();
    const memo = new ReconcileMemo(versions, 10);
    const w1 = world([cm("a", { x: "1" }), cm("b", {})]);
    const trace = memo.trace();
    trace.get(key, w1.getByKey(key));
    expect(memo.insert(7, trace, outcome)).toBe(true);
    // Another state: b changed, a did not.
    const w2 = world([cm("a", { x: "1" }), cm("b", { y: "2" })]);
    expect(memo.lookup(7, memo.worldState(w2), emptyServerMeta(), 0)).toBe(outcome);
    // a changed: no answer. Another request: no answer.
    expect(memo.lookup(7, memo.worldState(world([cm("a", { x: "2" })])), emptyServerMeta(), 0)).toBeUndefined();
    expect(memo.lookup(8, memo.worldState(w1), emptyServerMeta(), 0)).toBeUndefined();
  });

  it("keeps one run per answer to the same question, however many answers it sees, and branches again below any of them", async () => {
    const { versions, world } = await setup();
    const memo = new ReconcileMemo(versions, 100);
    const outcomeOf = (label: string): MemoOutcome => ({ effects: [], changed: [], changedKeys: [], revisions: 0, created: [], requeue: false, logs: [label] });
    const keyB = objectKeyString("core/ConfigMap", "default", "b");
    const states = new Map<string, World>();
    for (const x of ["1", "2", "3"]) {
      for (const y of ["p", "q"]) {
        const w = world([cm("a", { x }), cm("b", { y })]);
        states.set(`${x}${y}`, w);
        const trace = memo.trace();
        trace.get(key, w.getByKey(key));
        trace.get(keyB, w.getByKey(keyB));
        expect(memo.insert(1, trace, outcomeOf(`${x}${y}`))).toBe(true);
      }
    }
    expect(memo.size).toBe(6);
    for (const [label, w] of states) expect(memo.lookup(1, memo.worldState(w), emptyServerMeta(), 0)?.logs).toEqual([label]);
    // An answer never seen at either question: no run to replay.
    expect(memo.lookup(1, memo.worldState(world([cm("a", { x: "4" }), cm("b", { y: "p" })])), emptyServerMeta(), 0)).toBeUndefined();
    expect(memo.lookup(1, memo.worldState(world([cm("a", { x: "2" }), cm("b", { y: "r" })])), emptyServerMeta(), 0)).toBeUndefined();
    // The same run again on a state it already answers for is no new run.
    const again = memo.trace();
    const w2p = states.get("2p")!;
    again.get(key, w2p.getByKey(key));
    again.get(keyB, w2p.getByKey(keyB));
    expect(memo.insert(1, again, outcomeOf("again"))).toBe(true);
    expect(memo.size).toBe(6);
    expect(memo.lookup(1, memo.worldState(w2p), emptyServerMeta(), 0)?.logs).toEqual(["2p"]);
  });

  it("tells lists apart by their filter and their members", async () => {
    const { versions, world, outcome } = await setup();
    const memo = new ReconcileMemo(versions, 10);
    const w1 = world([cm("a", {})]);
    const trace = memo.trace();
    trace.list("core/ConfigMap", "all", () => true, w1.list("core/ConfigMap"));
    memo.insert(1, trace, outcome);
    expect(memo.lookup(1, memo.worldState(w1), emptyServerMeta(), 0)).toBe(outcome);
    expect(memo.lookup(1, memo.worldState(world([cm("a", {}), cm("b", {})])), emptyServerMeta(), 0)).toBeUndefined();
  });

  it("keys the clock and incarnation counts too", async () => {
    const { versions, world, outcome } = await setup();
    const memo = new ReconcileMemo(versions, 10);
    const w = world([]);
    const trace = memo.trace();
    trace.now(1000);
    trace.incarnation(key, 0);
    memo.insert(1, trace, outcome);
    expect(memo.lookup(1, memo.worldState(w), emptyServerMeta(), 1000)).toBe(outcome);
    expect(memo.lookup(1, memo.worldState(w), emptyServerMeta(), 2000)).toBeUndefined();
    expect(memo.lookup(1, memo.worldState(w), { revision: 0, incarnations: new Map([[key, 1]]) }, 1000)).toBeUndefined();
  });

  it("keys owner lookups by uid and dependents lookups by their members", async () => {
    const { versions, world, outcome } = await setup();
    const memo = new ReconcileMemo(versions, 10);
    const owner = { ...cm("a", {}), metadata: { name: "a", namespace: "default", uid: "u-1" } };
    const w1 = world([owner]);
    const trace = memo.trace();
    trace.uid("u-1", w1.findByUid("u-1"));
    trace.dependents("u-1", w1.dependentsOf("u-1"));
    memo.insert(1, trace, outcome);
    expect(memo.lookup(1, memo.worldState(w1), emptyServerMeta(), 0)).toBe(outcome);
    const child = { ...cm("b", {}), metadata: { name: "b", namespace: "default", ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "a", uid: "u-1" }] } };
    expect(memo.lookup(1, memo.worldState(world([owner, child])), emptyServerMeta(), 0)).toBeUndefined();
    expect(memo.lookup(1, memo.worldState(world([{ ...owner, data: { changed: "yes" } }])), emptyServerMeta(), 0)).toBeUndefined();
  });

  it("does not keep a trace that saw an object it cannot identify", async () => {
    const { versions, outcome } = await setup();
    const memo = new ReconcileMemo(versions, 10);
    const trace = memo.trace();
    trace.get(key, cm("a", {}));
    expect(trace.usable).toBe(false);
    memo.insert(1, trace, outcome);
    expect(memo.size).toBe(0);
  });

  it("stops recording when its bound on recorded reads would be passed", async () => {
    const { versions, world, outcome } = await setup();
    const memo = new ReconcileMemo(versions, 1);
    for (const x of ["1", "2"]) {
      const trace = memo.trace();
      trace.get(key, world([cm("a", { x })]).getByKey(key));
      memo.insert(1, trace, outcome);
    }
    expect(memo.size).toBe(1);
  });

  it("stops using a request whose runs asked different questions after the same answers", async () => {
    const { versions, world, outcome } = await setup();
    const memo = new ReconcileMemo(versions, 10);
    const w = world([cm("a", {})]);
    const first = memo.trace();
    first.get(key, w.getByKey(key));
    memo.insert(1, first, outcome);
    const second = memo.trace();
    second.now(0);
    expect(memo.insert(1, second, outcome)).toBe(false);
    expect(memo.divergences).toEqual([{ reqId: 1, first: "get core/ConfigMap default a", second: "now" }]);
    expect(memo.lookup(1, memo.worldState(w), emptyServerMeta(), 0)).toBeUndefined();
  });
});
