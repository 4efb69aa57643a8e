import { describe, expect, it } from "vitest";
import { JOB_TRACKING_FINALIZER } from "./jobReconciler.ts";
import { jobDeletedPodUncountedScenario } from "./scenario.ts";

async function explore(fixed: boolean) {
  const { builder, initial, options } = jobDeletedPodUncountedScenario({ fixed }).build();
  // The full graph: the step counts and state counts below are its shortest paths and size.
  return builder.build().explore(initial, { ...options, reduction: "none" });
}

describe("kubernetes/kubernetes#28486: a succeeded pod deleted before the Job controller counts it runs again", () => {
  it("when the collector deletes the succeeded pod first, the controller starts a second pod, 7 steps from the start", async () => {
    const result = await explore(false);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(1);
    const [v] = result.violations;
    expect(v!.message).toBe("send-invoices asks for 1 completion(s) but its pods succeeded 2 times");
    expect(v!.path).toHaveLength(7);
    const writes = v!.path.map((s) => `${s.reconcilerId}:${s.effects.map((e) => `${e.op} ${e.kind}`).join(",")}`);
    expect(writes[3]).toBe("TerminatedPodGC:REMOVE core/Pod,UPDATE core/ConfigMap");
    expect(writes[4]).toBe("JobController:CREATE core/Pod");
    // When the controller sees the pod succeed first, the Job completes after one run.
    expect(result.convergedStates.some((s) => s.objects.some((o) => o.kind === "Job" && (o.status as { succeeded?: number }).succeeded === 1))).toBe(true);
  });

  it("fixed (pods carry the job-tracking finalizer until counted, #98238): the work runs once on every path", async () => {
    const result = await explore(true);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.nonConverging).toHaveLength(0);
    for (const s of result.convergedStates) {
      const job = s.objects.find((o) => o.kind === "Job")!;
      expect(job.status).toMatchObject({ succeeded: 1, conditions: [{ type: "Complete", status: "True" }] });
      expect(s.objects.filter((o) => o.kind === "Pod" && o.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER))).toHaveLength(0);
    }
  });
});
