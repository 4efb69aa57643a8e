import { describe, expect, it } from "vitest";
import { formatIndexes, jobControllerRegistration } from "../../src/controllers/jobController.ts";
import { EXIT_CODE_ANNOTATION, podLifecycleRegistration } from "../../src/controllers/podLifecycle.ts";
import type { Job, Pod } from "../../src/controllers/workloadObjects.ts";
import { ControllerHarness } from "./controllerHarness.ts";
import { job } from "./workloadFixtures.ts";

const jc = jobControllerRegistration();
const pl = podLifecycleRegistration();
const both = [jc, pl];
const getJob = (h: ControllerHarness) => h.get<Job>("batch/Job", "default", "work")!;
const pods = (h: ControllerHarness) => h.list<Pod>("core/Pod", "default");
const condition = (j: Job, type: string) => j.status?.conditions?.find((c) => c.type === type);

describe("formatIndexes", () => {
  it("writes ranges the way the real completedIndexes field does", () => {
    expect(formatIndexes([4, 0, 1, 2, 7, 8])).toBe("0-2,4,7-8");
    expect(formatIndexes([])).toBe("");
  });
});

describe("JobController", () => {
  it("starts min(parallelism, completions) pods labelled with the Job's uid and name", async () => {
    const h = await ControllerHarness.of([job("work", { parallelism: 2, completions: 5 })]);
    await h.reconcile(jc, "default/work");
    const j = getJob(h);
    expect(pods(h)).toHaveLength(2);
    for (const p of pods(h)) {
      expect(p.metadata!.name).toMatch(/^work-[a-z0-9]{5}$/);
      expect(p.metadata!.labels).toEqual({
        app: "work",
        "batch.kubernetes.io/controller-uid": j.metadata!.uid,
        "batch.kubernetes.io/job-name": "work",
        "controller-uid": j.metadata!.uid,
        "job-name": "work",
      });
    }
    expect(j.status).toEqual({ startTime: expect.any(String), active: 2, ready: 0 });
    expect(await h.reconcile(jc, "default/work")).toEqual([]);
  });

  it("completes after `completions` pods succeeded, at most `parallelism` running at a time", async () => {
    const h = await ControllerHarness.of([job("work", { parallelism: 2, completions: 3 })]);
    let maxActive = 0;
    await h.settle(both, { pending: [["JobController", "default/work"]] }, {
      afterStep: () => {
        maxActive = Math.max(maxActive, pods(h).filter((p) => p.status?.phase !== "Succeeded").length);
      },
    });
    const j = getJob(h);
    expect(maxActive).toBe(2);
    expect(j.status).toMatchObject({ succeeded: 3, ready: 0, completionTime: expect.any(String) });
    expect(j.status!.active).toBeUndefined();
    expect(condition(j, "Complete")).toMatchObject({ status: "True", reason: "CompletionsReached" });
    expect(pods(h).filter((p) => p.status?.phase === "Succeeded")).toHaveLength(3);
  });

  it("without completions, stops starting pods after the first success and completes when none runs", async () => {
    const h = await ControllerHarness.of([job("work", { parallelism: 3 })]);
    await h.settle(both, { pending: [["JobController", "default/work"]] });
    expect(getJob(h).status).toMatchObject({ succeeded: 3 });
    expect(condition(getJob(h), "Complete")?.status).toBe("True");
  });

  it("fails once more than backoffLimit pods failed, deleting the running ones", async () => {
    const h = await ControllerHarness.of([job("work", { parallelism: 1, completions: 3, backoffLimit: 1 }, { [EXIT_CODE_ANNOTATION]: "2" })]);
    await h.settle(both, { pending: [["JobController", "default/work"]] });
    const j = getJob(h);
    expect(j.status).toMatchObject({ failed: 2 });
    expect(condition(j, "Failed")).toMatchObject({ status: "True", reason: "BackoffLimitExceeded" });
    expect(condition(j, "Complete")).toBeUndefined();
    expect(pods(h).every((p) => p.status?.phase === "Failed")).toBe(true);
  });

  it("runs one pod per index in Indexed mode and reports completedIndexes", async () => {
    const h = await ControllerHarness.of([job("work", { completionMode: "Indexed", completions: 3, parallelism: 2 })]);
    const effects = await h.reconcile(jc, "default/work");
    const started = pods(h);
    expect(started.map((p) => p.metadata!.annotations!["batch.kubernetes.io/job-completion-index"])).toEqual(["0", "1"]);
    expect(started.map((p) => p.spec!.hostname)).toEqual(["work-0", "work-1"]);
    expect(started[0]!.metadata!.name).toMatch(/^work-0-[a-z0-9]{5}$/);
    expect(started[0]!.spec!.containers![0]!.env).toEqual([{ name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
    await h.settle(both, { effects });
    expect(getJob(h).status).toMatchObject({ succeeded: 3, completedIndexes: "0-2" });
    expect(condition(getJob(h), "Complete")?.status).toBe("True");
  });

  it("deletes running pods while suspended and resumes afterwards", async () => {
    const h = await ControllerHarness.of([job("work", { parallelism: 2, completions: 2 })]);
    await h.reconcile(jc, "default/work");
    await h.write((c) => c.update({ ...getJob(h), spec: { ...getJob(h).spec, suspend: true } }));
    await h.reconcile(jc, "default/work");
    expect(pods(h)).toEqual([]);
    expect(condition(getJob(h), "Suspended")).toMatchObject({ status: "True", reason: "JobSuspended" });
    await h.write((c) => c.update({ ...getJob(h), spec: { ...getJob(h).spec, suspend: false } }));
    await h.reconcile(jc, "default/work");
    expect(pods(h)).toHaveLength(2);
    expect(condition(getJob(h), "Suspended")).toMatchObject({ status: "False", reason: "JobResumed" });
  });

  it("refuses a Job whose pods would restart forever", async () => {
    const bad = job("work");
    bad.spec!.template!.spec!.restartPolicy = "Always";
    const h = await ControllerHarness.of([bad]);
    await expect(h.reconcile(jc, "default/work")).rejects.toThrow('Job default/work has spec.template.spec.restartPolicy "Always"');
  });

  it("does nothing for a finished Job", async () => {
    const h = await ControllerHarness.of([job("work", { completions: 1 })]);
    await h.settle(both, { pending: [["JobController", "default/work"]] });
    expect(await h.reconcile(jc, "default/work")).toEqual([]);
  });
});
