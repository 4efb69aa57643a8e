import { describe, expect, it } from "vitest";
import type { Reduction } from "../../../src/index.ts";
import { DC_KIND } from "./cassandraDatacenterReconciler.ts";
import { cassOperatorStalePvcDeletionScenario } from "./scenario.ts";

async function explore(fixed: boolean, opts: { reduction?: Reduction; maxRestarts?: number } = {}) {
  const { builder, initial, options } = cassOperatorStalePvcDeletionScenario({ fixed }).build();
  if (opts.maxRestarts !== undefined) builder.withStaleness("CassandraDatacenterReconciler", { lookback: { [DC_KIND]: 3 }, maxRestarts: opts.maxRestarts });
  return builder.build().explore(initial, { ...options, ...(opts.reduction ? { reduction: opts.reduction } : {}) });
}

const claims = (objects: { kind?: string }[]) => objects.filter((o) => o.kind === "PersistentVolumeClaim").length;

describe("datastax/cass-operator#412: a stale, deleted datacenter costs its successor the volumes", () => {
  it("a restart against the view where the first datacenter was marked deleted deletes all three live claims", async () => {
    const result = await explore(false);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(1);
    const [v] = result.violations;
    expect(v!.message).toBe("dc1 is live with 3 member(s) but only 0 volume(s) are left");
    expect(v!.path).toHaveLength(1);
    const [step] = v!.path;
    expect(step!.staleView).toEqual({ "cassandra.datastax.com/CassandraDatacenter": 5 });
    expect(step!.effects.map((e) => `${e.op} ${e.name}`)).toEqual([0, 1, 2].map((i) => `REMOVE server-data-cluster1-dc1-default-sts-${i}`));
    expect(result.convergedStates.some((s) => claims(s.objects) === 3)).toBe(true);
  });

  it.each(["none", "por", "noops"] as const)("fixed (claims selected by the datacenter's UID label): every claim survives (reduction %s)", async (reduction) => {
    const result = await explore(true, { reduction });
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.convergedStates.map((s) => claims(s.objects))).toEqual([3]);
    // The restarted operator keeps retrying its stale finalizer removal (restarted views never catch
    // up): a reconciler that keeps failing, not a livelock.
    expect(result.nonConverging).toHaveLength(0);
    expect(result.keepsFailing).toHaveLength(1);
    expect(result.keepsFailing[0]!.cycle!.every((s) => s.effects.length === 0 && /the object has been modified/.test(s.error ?? ""))).toBe(true);
  });

  it("fixed, with a second restart whose live view stands for the cache catching up: it converges, nothing failing", async () => {
    const result = await explore(true, { maxRestarts: 2 });
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.nonConverging).toHaveLength(0);
    expect(result.keepsFailing).toHaveLength(0);
    expect(result.convergedStates.map((s) => claims(s.objects))).toEqual([3]);
  });
});
