import { describe, expect, it } from "vitest";
import { bundledScenarios } from "../../examples/index.ts";
import { bugCorpus } from "../../examples/bugs/index.ts";
import type { ExploreOptions, Scenario } from "../../src/index.ts";
import { ExplorerBuilder, type Client, type Reconciler, type Request } from "../../src/index.ts";
import { FieldFighter } from "../../examples/livelock/fieldFighter.ts";
import { randomScenario } from "./randomScenario.ts";
import { reductionOutcomes, unreducedRandomRuns } from "./reductionBaseline.ts";

const outcomes = reductionOutcomes;

async function both(s: Scenario, extra: ExploreOptions = {}) {
  const { builder, initial, options } = s.build();
  const explorer = builder.build();
  const none = await explorer.explore(initial, { ...options, ...extra, reduction: "none" });
  const por = await explorer.explore(initial, { ...options, ...extra, reduction: "por" });
  return { none, por };
}

// The full Knative space takes minutes without the reduction: the bench compares it (`npm run bench -- por`).
const examples = bundledScenarios.filter((s) => s.name !== "knative-serving");
// Bundled examples include the corpus's unfixed bugs: the corpus adds the fixed variants.
const corpus = bugCorpus.flatMap((b) => [b.scenario({ fixed: false }), b.scenario({ fixed: true })]).filter((s) => !examples.some((e) => e.name === s.name));

describe("partial-order reduction, against the full search", () => {
  it.each(examples.map((s) => [s.name, s] as const))("bundled example %s: the same converged worlds, violations and livelocks", async (_name, s) => {
    const { none, por } = await both(s);
    expect(none.complete).toBe(true);
    expect(outcomes(por)).toEqual(outcomes(none));
    expect(por.stats.uniqueStates).toBeLessThanOrEqual(none.stats.uniqueStates);
    // Staleness scenarios are explored in full (a run depends on its view's cursors too), and say so.
    if (por.stats.reduction === undefined) expect([por.stats.uniqueStates, por.stats.transitions]).toEqual([none.stats.uniqueStates, none.stats.transitions]);
    else expect(por.stats.reduction).toBe("por");
  });

  it("stats name no reduction where none was applied: under staleness, and on a walk", async () => {
    const stale = bugCorpus.find((b) => b.scenario({ fixed: false }).name === "zookeeper-stale-scaledown")!.scenario({ fixed: false });
    const { none, por } = await both(stale);
    expect(por.stats.reduction).toBeUndefined();
    expect(por.stats.reducedStates).toBeUndefined();
    expect(por.stats.uniqueStates).toBe(none.stats.uniqueStates);
    const trivial = examples.find((s) => s.name === "trivial")!;
    const { builder, initial } = trivial.build();
    const walked = await builder.build().explore(initial, { reduction: "por", strategy: "pct", seed: 1 });
    expect(walked.stats.reduction).toBeUndefined();
    expect((await both(trivial)).por.stats.reduction).toBe("por");
  });

  it.each(corpus.map((s) => [s.name, s] as const))("bug corpus %s: the same converged worlds, violations and livelocks", async (_name, s) => {
    const { none, por } = await both(s);
    expect(outcomes(por)).toEqual(outcomes(none));
  });

  it("random scenarios (seeds 1-60): the same converged worlds, violations and livelocks, in fewer states overall", async () => {
    let fullStates = 0;
    let reducedStates = 0;
    let compared = 0;
    for (const { seed, explorer, initial, none } of await unreducedRandomRuns()) {
      const por = await explorer.explore(initial, { reduction: "por" });
      expect({ seed, ...outcomes(por) }).toEqual({ seed, ...outcomes(none) });
      fullStates += none.stats.uniqueStates;
      reducedStates += por.stats.uniqueStates;
      compared++;
    }
    expect(compared).toBeGreaterThan(45);
    expect(reducedStates).toBeLessThan(fullStates);
  }, 120_000);

  it("without memoization (reads seen by a reader interceptor, not the memo's trace): the same outcomes, and the same reduced graph as with it", async () => {
    let compared = 0;
    for (const { seed, explorer, initial, none } of await unreducedRandomRuns()) {
      const memo = await explorer.explore(initial, { reduction: "por" });
      const run = await explorer.explore(initial, { reduction: "por", memoizeReconciles: false });
      expect(run.stats.reconcilesReplayed).toBe(0);
      expect({ seed, ...outcomes(run) }).toEqual({ seed, ...outcomes(none) });
      // A footprint missing reads would let the reduction leave out more: the counts would differ.
      expect({ seed, states: run.stats.uniqueStates, reduced: run.stats.reducedStates }).toEqual({ seed, states: memo.stats.uniqueStates, reduced: memo.stats.reducedStates });
      compared++;
    }
    expect(compared).toBeGreaterThan(45);
  }, 120_000);

  it("with the reference engine, BFS and a breadth-first custom strategy as with DFS", async () => {
    for (const seed of [5, 30, 34, 95]) {
      const g = randomScenario(seed);
      const explorer = g.builder.build();
      const none = await explorer.explore(g.initial, { reduction: "none" });
      for (const opts of [{ strategy: "bfs" }, { engine: "reference" }, { strategy: "random", seed: 7 }, { strategy: { priority: (e: { depth: number }) => e.depth } }] as ExploreOptions[]) {
        const por = await explorer.explore(g.initial, { ...opts, reduction: "por" });
        expect({ seed, opts: JSON.stringify(opts), ...outcomes(por) }).toEqual({ seed, opts: JSON.stringify(opts), ...outcomes(none) });
      }
    }
  });

  it("keeps a livelock whose cycle passes through states it reduces", async () => {
    // Seed 33: two controllers fight over a field forever; the reduction expands some states of the fight partly.
    const g = randomScenario(33);
    const explorer = g.builder.build();
    const none = await explorer.explore(g.initial, { reduction: "none" });
    const por = await explorer.explore(g.initial, { reduction: "por" });
    expect(none.nonConverging.length).toBeGreaterThan(0);
    expect(por.stats.reducedStates).toBeGreaterThan(0);
    expect(por.stats.uniqueStates).toBeLessThan(none.stats.uniqueStates);
    expect(por.nonConverging.length).toBeGreaterThan(0);
  });

  it("runs a reconcile left pending beside a livelock (the cycle proviso): its invariant violation is still found", async () => {
    // Two fighters cycle forever; FlagSetter, independent of them, would break an invariant. A
    // reduction that picked the fighters at every state of their cycle would never run it.
    class FlagSetter implements Reconciler {
      constructor(private readonly client: Client) {}
      async reconcile(req: Request): Promise<void> {
        const s = await this.client.get({ apiVersion: "v1", kind: "Secret", namespace: req.namespace, name: req.name });
        if ((s as { data?: { flag?: string } }).data?.flag !== "bad") await this.client.update({ ...s, data: { flag: "bad" } });
      }
    }
    const eb = new ExplorerBuilder();
    eb.withReconciler("AlphaFighter", (c) => new FieldFighter(c, "alpha")).for("core/ConfigMap");
    eb.withReconciler("BetaFighter", (c) => new FieldFighter(c, "beta")).for("core/ConfigMap");
    eb.withReconciler("FlagSetter", (c) => new FlagSetter(c)).for("core/Secret");
    eb.withInvariant("flag never bad", (st) => (st.get("core/Secret", "default", "flag") as { data?: { flag?: string } } | undefined)?.data?.flag !== "bad" || "flag is bad");
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "contested", namespace: "default" }, data: { owner: "" } };
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "flag", namespace: "default" }, data: { flag: "ok" } };
    const initial = eb.initialState().addTopLevelObject(cm, "AlphaFighter", "BetaFighter").addTopLevelObject(secret, "FlagSetter").build();
    const explorer = eb.build();
    const none = await explorer.explore(initial, { reduction: "none" });
    const por = await explorer.explore(initial, { reduction: "por" });
    expect(outcomes(none).violated).toEqual(["flag never bad"]);
    expect(outcomes(por)).toEqual(outcomes(none));
  });

  it("does not reduce with staleness (every state expanded fully)", async () => {
    const stale = examples.find((s) => s.name === "zookeeper-stale-scaledown")!;
    const { none, por } = await both(stale);
    expect(por.stats.uniqueStates).toBe(none.stats.uniqueStates);
    expect(por.stats.reducedStates).toBeUndefined();
  });
});

describe("the reduction option", () => {
  const trivial = bundledScenarios.find((s) => s.name === "trivial")!;

  it("rejects an unknown reduction with the ones it takes", async () => {
    const { builder, initial } = trivial.build();
    await expect(builder.build().explore(initial, { reduction: "partial" as never })).rejects.toThrow('reduction must be "none", "por" or "noops", got "partial"');
  });

  it("takes reduceNoOps as an alias of reduction \"noops\", and an explicit reduction over it", async () => {
    const modeFlip = bundledScenarios.find((s) => s.name === "mode-flip")!;
    const { builder, initial } = modeFlip.build();
    const explorer = builder.build();
    const alias = await explorer.explore(initial, { reduceNoOps: true });
    const named = await explorer.explore(initial, { reduction: "noops" });
    expect(alias.stats.reduction).toBe("noops");
    expect(alias.stats.uniqueStates).toBe(named.stats.uniqueStates);
    const none = await explorer.explore(initial, { reduceNoOps: true, reduction: "none" });
    expect(none.stats.reduction).toBeUndefined();
  });
});
