import { builtinControllers, ExplorerBuilder, type KubeObject, type Scenario } from "../../../src/index.ts";
import { JOB_KIND, JobReconciler, POD_KIND, type Job } from "./jobReconciler.ts";
import { GC_LOG, TerminatedPodGC } from "./terminatedPodGC.ts";

/**
 * kubernetes/kubernetes#28486: a Job that must run once, a pod lifecycle that runs its pod to
 * success, and a pod garbage collector that deletes finished pods. If the collector deletes the
 * succeeded pod before the Job controller has seen it, the old controller runs the work again.
 */
export function jobDeletedPodUncountedScenario(opts: { fixed: boolean }): Scenario {
  return {
    name: opts.fixed ? "job-deleted-pod-uncounted-fixed" : "job-deleted-pod-uncounted",
    description: `kubernetes/kubernetes#28486: the Job controller counts succeeded pods from the pods that exist, so a finished pod deleted before it is counted runs again${opts.fixed ? " (fixed: job tracking with finalizers, #98238)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("JobController", (c) => new JobReconciler(c, opts.fixed)).for(JOB_KIND).owns(POD_KIND);
      eb.withControllers(builtinControllers({ only: ["PodLifecycle"] }));
      eb.withReconciler("TerminatedPodGC", (c) => new TerminatedPodGC(c)).for(POD_KIND);
      eb.withInvariant("a Job's pods succeed at most `completions` times", (s) => {
        for (const job of s.list(JOB_KIND) as Job[]) {
          const log = s.get("core/ConfigMap", job.metadata.namespace, GC_LOG) as (KubeObject & { data?: Record<string, string> }) | undefined;
          // Successful runs by pod uid: those the collector deleted and those still there.
          const runs = new Set(Object.entries(log?.data ?? {}).filter(([, note]) => note.endsWith(" Succeeded")).map(([uid]) => uid));
          for (const pod of s.list(POD_KIND, job.metadata.namespace) as (KubeObject & { status?: { phase?: string } })[]) {
            if (pod.status?.phase === "Succeeded" && pod.metadata?.ownerReferences?.some((o) => o.uid === job.metadata.uid)) runs.add(String(pod.metadata.uid));
          }
          if (runs.size > job.spec.completions) return `${job.metadata.name} asks for ${job.spec.completions} completion(s) but its pods succeeded ${runs.size} times`;
        }
        return true;
      });
      const job: Job = {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: { name: "send-invoices", namespace: "default", uid: "99999999-9999-4999-8999-999999999999" },
        spec: { completions: 1, parallelism: 1, template: { spec: { restartPolicy: "Never", containers: [{ name: "send", image: "busybox" }] } } },
      };
      const log = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: GC_LOG, namespace: "default" }, data: {} };
      const initial = eb.initialState().addTopLevelObject(job, "JobController").addObject(log).build();
      return { builder: eb, initial };
    },
  };
}

export const scenario = jobDeletedPodUncountedScenario({ fixed: false });
export default scenario;
