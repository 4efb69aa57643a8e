import { describe, expect, it } from "vitest";
import { cassOperatorStalePvcDeletionScenario } from "./scenario.ts";

async function explore(fixed: boolean) {
  const { builder, initial, options } = cassOperatorStalePvcDeletionScenario({ fixed }).build();
  return builder.build().explore(initial, options);
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

  it("fixed (claims selected by the datacenter's UID label): every claim survives", async () => {
    const result = await explore(true);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.convergedStates.map((s) => claims(s.objects))).toEqual([3]);
    // The restarted operator keeps retrying its stale finalizer removal (restarted views never catch
    // up): a reconciler that keeps failing, not a livelock.
    expect(result.nonConverging).toHaveLength(0);
    expect(result.keepsFailing).toHaveLength(1);
    expect(result.keepsFailing[0]!.cycle!.every((s) => s.effects.length === 0 && /the object has been modified/.test(s.error ?? ""))).toBe(true);
  });
});
