import { describe, expect, it } from "vitest";
import { scenario as modeFlip } from "../../examples/mode-flip/scenario.ts";
import { scenario as ownershipRace } from "../../examples/ownership-race/scenario.ts";
import { ExplorerBuilder, GARBAGE_COLLECTOR_ID, KameraError, type FrontierEntry, type KubeObject, type SearchStrategy, type SnapshotRecorder } from "../../src/index.ts";
import { validateExploreOptions } from "../../src/explore/exploreOptions.ts";

describe("Explorer.start: the run handle", () => {
  it("resolves done with how the run ended, and its graph and counters agree with explore()", async () => {
    const { builder, initial } = modeFlip.build();
    const explorer = builder.build();
    const run = explorer.start(initial);
    const end = await run.done;
    expect(end).toEqual({ complete: true, nondeterministic: [], warnings: [] });
    const result = await explorer.explore(initial);
    expect(run.graph.stateCount()).toBe(result.stats.uniqueStates);
    expect(run.graph.edgeCount()).toBe(result.stats.transitions);
    expect(run.stats()).toMatchObject({ uniqueStates: result.stats.uniqueStates, transitions: result.stats.transitions });
    expect(run.graph.isComplete).toBe(true);
  });

  it("stop() ends the run early: done resolves with stop reason signal and the partial graph", async () => {
    const { builder, initial } = ownershipRace.build();
    const full = await builder.build().explore(initial);
    let stop = (): void => undefined;
    const run = builder.build().start(initial, { observers: [{ state: (s) => s === 2 && stop() }] });
    stop = run.stop;
    const end = await run.done;
    expect(end).toMatchObject({ complete: false, stopReason: "signal" });
    expect(run.graph.isComplete).toBe(false);
    expect(run.graph.stateCount()).toBeLessThan(full.stats.uniqueStates);
  });

  it("tells observers of each state and edge of the graph, once each", async () => {
    const { builder, initial } = modeFlip.build();
    const states: number[] = [];
    const edges: number[] = [];
    const run = builder.build().start(initial, { observers: [{ state: (s) => states.push(s), edge: (e) => edges.push(e) }] });
    await run.done;
    expect(states).toEqual(Array.from({ length: run.graph.stateCount() }, (_, i) => i));
    expect(edges).toEqual(Array.from({ length: run.graph.edgeCount() }, (_, i) => i));
  });

  it("resolves done with the warnings explore() reports, so a live run can show them", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("FooController", () => ({ reconcile() {} })).for("webapp.example.com/Foo");
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } };
    const initial = eb.initialState().addTopLevelObject(cm, "FooController").build();
    const explorer = eb.build();
    const end = await explorer.start(initial).done;
    const { warnings } = await explorer.explore(initial);
    expect(warnings).toHaveLength(2); // the object FooController does not reconcile, and its kind never appearing
    expect(end.warnings).toEqual(warnings);
  });

  it("throws a KameraError for bad options before anything runs", () => {
    const { builder, initial } = modeFlip.build();
    expect(() => builder.build().start(initial, { maxState: 10 } as never)).toThrow(KameraError);
  });
});

describe("a custom search strategy", () => {
  it("sees each state about to enter the frontier by its stable id, depth and the reconciler that found it", async () => {
    const { builder, initial } = modeFlip.build();
    const entries: FrontierEntry[] = [];
    const recording: SearchStrategy = { name: "recording", priority: (e) => (entries.push(e), -e.depth) };
    // The full graph: every transition enters the frontier once (the reduction may expand a state again).
    const result = await builder.build().explore(initial, { strategy: recording, reduction: "none" });
    const graph = result.graph;
    const ids = new Map(Array.from({ length: graph.stateCount() }, (_, s) => [graph.stateId(s), s]));
    expect(entries).toHaveLength(result.stats.transitions);
    for (const e of entries) {
      expect(ids.has(e.stateId)).toBe(true);
      expect(["FooController", "BarController"]).toContain(e.reconcilerId);
    }
    // Every state but the initial one entered the frontier, and was announced with the id it got.
    const announced = new Set(entries.map((e) => e.stateId));
    for (let s = 1; s < graph.stateCount(); s++) expect(announced.has(graph.stateId(s))).toBe(true);
    // The step that first found a state is the one its entry names.
    const firstFound = new Map<string, FrontierEntry>();
    for (const e of entries) if (!firstFound.has(e.stateId)) firstFound.set(e.stateId, e);
    for (let edge = 0; edge < graph.edgeCount(); edge++) {
      const [, to, step] = graph.edge(edge);
      const e = firstFound.get(graph.stateId(to))!;
      if (graph.predecessors(to)[0] === edge) {
        expect(e.reconcilerId).toBe(graph.step(step).reconcilerId);
        expect(e.effectCount).toBe(graph.step(step).effects.length);
      }
    }
  });

  it("explores the same states as depth-first search", async () => {
    const { builder, initial } = ownershipRace.build();
    const dfs = await builder.build().explore(initial);
    const custom = await builder.build().explore(initial, { strategy: { priority: (e) => e.pendingCount } });
    const ids = (r: typeof dfs) => new Set(Array.from({ length: r.graph.stateCount() }, (_, s) => r.graph.stateId(s)));
    expect(ids(custom)).toEqual(ids(dfs));
  });
});

describe("ExplorerBuilder.build: the garbage collector", () => {
  it("is registered by build() as the last controller, unless turned off", () => {
    const { builder } = modeFlip.build();
    expect(builder.build().config.registrations.map((r) => r.id)).toEqual(["FooController", "BarController", GARBAGE_COLLECTOR_ID]);
    expect(builder.withoutGarbageCollector().build().config.registrations.map((r) => r.id)).toEqual(["FooController", "BarController"]);
  });

  it("refuses a user reconciler with the garbage collector's id while the built-in one is on", () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler(GARBAGE_COLLECTOR_ID, () => ({ reconcile: () => undefined })).for("core/ConfigMap");
    expect(() => eb.build()).toThrow(/withoutGarbageCollector/);
    expect(() => eb.withoutGarbageCollector().build()).not.toThrow();
  });
});

describe("withStrategy, the former name of withSnapshotController", () => {
  it("registers the same snapshot controller", async () => {
    const FOO = "webapp.example.com/Foo";
    const explore = async (register: (eb: ExplorerBuilder) => void) => {
      const eb = new ExplorerBuilder();
      register(eb);
      const foo = { apiVersion: "webapp.example.com/v1", kind: "Foo", metadata: { name: "f", namespace: "default" } };
      const result = await eb.build().explore(eb.initialState().addTopLevelObject(foo, "Marker").build());
      return result.convergedStates.map((s) => s.objects.map((o) => (o as { status?: unknown }).status));
    };
    const mark = (rec: SnapshotRecorder) => ({
      reconcileAtState: async (objects: readonly KubeObject[]) => {
        const foo = objects.find((o) => o.kind === "Foo")!;
        if (!foo.status) await rec.recordEffect({ ...foo, status: { marked: true } }, "UPDATE", { status: true });
      },
    });
    const viaNew = await explore((eb) => eb.withKind(FOO, { statusSubresource: true }).withSnapshotController("Marker", mark).for(FOO));
    const viaOld = await explore((eb) => eb.withKind(FOO, { statusSubresource: true }).withStrategy("Marker", mark).for(FOO));
    expect(viaNew).toEqual([[{ marked: true }]]);
    expect(viaOld).toEqual(viaNew);
  });
});

describe("validateExploreOptions", () => {
  it("names an unknown option and the one probably meant", () => {
    expect(() => validateExploreOptions({ maxState: 5 } as never)).toThrow('unknown explore option "maxState"; did you mean "maxStates"?');
  });

  it("rejects a value of the wrong type, naming the option", () => {
    expect(() => validateExploreOptions({ reduceNoOps: "yes" } as never)).toThrow('reduceNoOps must be true or false, got "yes"');
    expect(() => validateExploreOptions({ maxStates: -1 })).toThrow("maxStates must be a positive integer, got -1");
    expect(() => validateExploreOptions({ strategy: "best" } as never)).toThrow(/strategy must be "dfs", "bfs", "random"/);
  });

  it("accepts every documented option", () => {
    expect(() =>
      validateExploreOptions({
        strategy: "bfs",
        seed: 2,
        maxStates: 10,
        timeoutMs: 1000,
        signal: new AbortController().signal,
        onProgress: () => undefined,
        progressIntervalMs: 100,
        maxDepth: 5,
        abortOnError: true,
        reconcileTimeoutMs: 100,
        determinismCheck: false,
        pathCap: 3,
        reduceNoOps: true,
        memoizeReconciles: false,
        engine: "reference",
        observers: [{}],
      }),
    ).not.toThrow();
  });
});
