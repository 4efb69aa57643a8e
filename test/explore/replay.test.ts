import { describe, expect, it } from "vitest";
import { scenario as duplicateInvariant } from "../../examples/duplicate-invariant/scenario.ts";
import { zookeeperScenario } from "../../examples/zookeeper/scenario.ts";
import { FOO_KIND, fooRef, newFoo } from "../../examples/common/foo.ts";
import { ExplorerBuilder, ScheduleDriftError, parseSchedule, pathToSchedule, replayScenario, shrinkSchedule, type Client, type Schedule } from "../../src/index.ts";

const foo = { namespace: "default", name: "foo" };
const spawner = { reconcilerId: "Spawner", request: foo };
const recorder = { reconcilerId: "Recorder", request: foo };

/** A reconciler that labels its Foo with what two ctx.choose calls picked. */
function pickerScenario() {
  const eb = new ExplorerBuilder();
  eb.withReconciler("Picker", (c: Client) => ({
    async reconcile(_req, ctx) {
      const colour = ctx.choose("colour", ["red", "blue"]);
      const size = ctx.choose("size", ["s", "m", "l"]);
      const f = await c.get(fooRef("foo"));
      if (f.metadata?.labels?.picked) return;
      await c.update({ ...f, metadata: { ...f.metadata, labels: { picked: `${colour}-${size}` } } });
    },
  })).for(FOO_KIND);
  return { name: "picker", description: "picks", build: () => ({ builder: eb, initial: eb.initialState().addTopLevelObject(newFoo(), "Picker").build() }) };
}

describe("explorer.replay", () => {
  it("runs exactly the scheduled reconciles and reaches the state the exploration found, with the same id and violation", async () => {
    const { builder, initial, options: scenarioOptions } = duplicateInvariant.build();
    // The full graph: its first violation is the two Spawner runs this test names.
    const options = { ...scenarioOptions, reduction: "none" as const };
    const explorer = builder.build();
    const result = await explorer.explore(initial, options);
    const v = result.violations[0]!;
    const run = await explorer.replay(initial, pathToSchedule(v.path), options);
    expect(run.steps.map((s) => s.step.reconcilerId)).toEqual(["Spawner", "Spawner"]);
    expect(run.steps.map((s) => s.step.effects.map((e) => `${e.op} ${e.kind}`))).toEqual([["CREATE core/Pod"], ["CREATE core/Pod"]]);
    expect(run.steps.map((s) => s.state.id)).toEqual(v.path.map((s) => s.stateAfter));
    expect(run.final.id).toBe(v.stateId);
    expect(run.final.outcome).toMatchObject({ kind: "aborted", reason: "invariant" });
    expect(run.final.violations).toEqual([{ invariant: v.invariant, message: v.message }]);
    expect(run.initial.pending).toEqual([recorder, spawner]);
  });

  it("under abortOnError a reconcile that fails without writing ends the run aborted, though it leads back to the state it ran in", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("A", () => ({
      reconcile() {
        throw new Error("A broke");
      },
    })).for(FOO_KIND);
    const initial = eb.initialState().addTopLevelObject(newFoo(), "A").build();
    const run = await eb.build().replay(initial, [{ reconcilerId: "A", request: foo }], { abortOnError: true });
    expect(run.final.id).toBe(run.initial.id);
    expect(run.initial.outcome.kind).toBe("expanded");
    expect(run.final.outcome).toMatchObject({ kind: "aborted", reason: "error", failedReconcile: { reconcilerId: "A", request: foo } });
  });

  it("a schedule that lets the recorder catch up converges with one pod", async () => {
    const run = await replayScenario(duplicateInvariant, [spawner, recorder, spawner, recorder]);
    expect(run.final.outcome.kind).toBe("converged");
    expect(run.final.violations).toEqual([]);
    expect(run.final.objects.filter((o) => o.kind === "Pod")).toHaveLength(1);
  });

  it("replays a stale (restarted) view: the zookeeper operator deletes the new cluster's volumes", async () => {
    const run = await replayScenario(zookeeperScenario(4), parseSchedule("kamera-schedule 1\nZookeeperReconciler default/zk-cluster stale zookeeper.pravega.io/ZookeeperCluster@5\n"));
    expect(run.steps[0]!.step.staleView).toEqual({ "zookeeper.pravega.io/ZookeeperCluster": 5 });
    expect(run.steps[0]!.step.effects.map((e) => e.op)).toEqual(["REMOVE", "REMOVE", "REMOVE"]);
  });

  it("replays ctx.choose picks, and later calls must be scheduled too", async () => {
    const run = await replayScenario(pickerScenario(), parseSchedule("kamera-schedule 1\nPicker default/foo choose colour=1 choose size=2\n"));
    expect(run.final.objects[0]!.metadata?.labels).toEqual({ picked: "blue-l" });
    expect(run.steps[0]!.step.choices).toEqual(["colour=1", "size=2"]);
    await expect(replayScenario(pickerScenario(), parseSchedule("kamera-schedule 1\nPicker default/foo choose colour=1\n"))).rejects.toThrow(
      "step 1 (Picker default/foo choose colour=1): the reconcile's ctx.choose calls were colour=1 size=0, not colour=1",
    );
  });

  it("a pick beyond a ctx.choose's options is the schedule's mistake, not the reconciler's nondeterminism", async () => {
    await expect(replayScenario(pickerScenario(), parseSchedule("kamera-schedule 1\nPicker default/foo choose colour=7 choose size=0\n"))).rejects.toThrow(
      /ctx\.choose\("colour"\) offered 2 options \(colour=0 to colour=1\); the schedule asks for colour=7\)$/,
    );
  });
});

describe("a schedule that does not fit (drift) is an error naming the step", () => {
  it("a reconcile that is not pending lists what is", async () => {
    const err = await replayScenario(duplicateInvariant, [spawner, { reconcilerId: "Recorder", request: { namespace: "default", name: "bar" } }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScheduleDriftError);
    expect((err as ScheduleDriftError).step).toBe(2);
    expect((err as ScheduleDriftError).enabled).toEqual(["Recorder default/foo", "Spawner default/foo"]);
    expect((err as Error).message).toBe(
      "step 2 (Recorder default/bar) is not enabled: that reconcile is not pending after step 1. Pending instead:\n  Recorder default/foo\n  Spawner default/foo",
    );
  });

  it("a scenario's build() is checked as kamera explore checks it", async () => {
    const broken = { ...duplicateInvariant, build: () => ({ ...duplicateInvariant.build(), options: { maxDepth: 1.5 } }) };
    await expect(replayScenario(broken, [spawner])).rejects.toThrow(/the options build\(\) returned are not valid: maxDepth must be a non-negative integer, got 1.5/);
  });

  it("a reconciler renamed in the code", async () => {
    const err = await replayScenario(duplicateInvariant, [spawner, { reconcilerId: "PodSpawner", request: foo }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScheduleDriftError);
    expect((err as ScheduleDriftError).step).toBe(2);
    expect((err as Error).message).toMatch(/^step 2 \(PodSpawner default\/foo\) names no registered reconciler: "PodSpawner" is not one of .*Spawner/);
  });

  it("a stale view its reconciler cannot take there lists the views it can", async () => {
    const err = await replayScenario(zookeeperScenario(4), parseSchedule("kamera-schedule 1\nZookeeperReconciler default/zk-cluster stale zookeeper.pravega.io/ZookeeperCluster@99\n")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScheduleDriftError);
    expect((err as Error).message).toMatch(/^step 1 \(.*@99\): ZookeeperReconciler cannot take that view in the initial state\. Its views there:\n  ZookeeperReconciler default\/zk-cluster\n/);
    expect((err as Error).message).toContain("ZookeeperReconciler default/zk-cluster stale zookeeper.pravega.io/ZookeeperCluster@5");
  });

  it("a step after a state where an invariant failed", async () => {
    await expect(replayScenario(duplicateInvariant, [spawner, spawner, recorder])).rejects.toThrow(
      'step 3 (Recorder default/foo) follows an aborted state (invariant "no more pods than replicas" failed: foo wants 1 pod(s) but has 2)',
    );
  });

  it("a step after the path converged", async () => {
    await expect(replayScenario(duplicateInvariant, [spawner, recorder, spawner, recorder, spawner])).rejects.toThrow(
      "step 5 (Spawner default/foo) is not enabled: that reconcile is not pending after step 4. Nothing is pending there: the path converged.",
    );
  });
});

describe("shrinkSchedule", () => {
  it("drops the steps the violation does not need, deterministically", async () => {
    // The recorder's first run writes nothing: the violation needs only the two spawner runs.
    const long: Schedule = [recorder, spawner, spawner];
    const keeps = async (s: Schedule) => ((await replayScenario(duplicateInvariant, s).catch(() => undefined))?.final.violations.length ?? 0) > 0;
    expect(await keeps(long)).toBe(true);
    const a = await shrinkSchedule(long, keeps);
    const b = await shrinkSchedule(long, keeps);
    expect(a).toMatchObject({ originalLength: 3, shrunkLength: 2, exhausted: false, schedule: [spawner, spawner] });
    expect(b).toEqual(a);
  });

  it("keeps a schedule from which no step can be dropped", async () => {
    const keeps = async (s: Schedule) => (await replayScenario(duplicateInvariant, s).catch(() => undefined))?.final.outcome.kind === "converged";
    const r = await shrinkSchedule([spawner, recorder, spawner, recorder], keeps);
    expect(r).toMatchObject({ originalLength: 4, shrunkLength: 4 });
  });

  it("stops after maxAttempts candidates and says so", async () => {
    const r = await shrinkSchedule([spawner, spawner, spawner, spawner], async () => false, { maxAttempts: 3 });
    expect(r).toMatchObject({ attempts: 3, exhausted: true, shrunkLength: 4 });
  });
});
