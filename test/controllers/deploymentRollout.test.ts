import { describe, expect, it } from "vitest";
import { builtinControllers } from "../../src/controllers/builtinControllers.ts";
import { podTemplateHash } from "../../src/controllers/podTemplateHash.ts";
import type { Deployment, Pod, ReplicaSet } from "../../src/controllers/workloadObjects.ts";
import { ExplorerBuilder } from "../../src/explore/explorerBuilder.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import type { Endpoints } from "../../src/controllers/endpointsController.ts";
import { deployment, service, template } from "./workloadFixtures.ts";

const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true;
const ofKind = <T extends KubeObject>(objects: readonly KubeObject[], kind: string) => objects.filter((o) => o.kind === kind) as T[];

/**
 * A Deployment whose pods already run nginx:1 (as the built-in controllers left them), with the
 * template just changed to nginx:2: every interleaving of the Deployment, ReplicaSet and pod
 * lifecycle controllers (and the garbage collector) is explored.
 */
async function rolledOutWorld(replicas: number, strategy: NonNullable<Deployment["spec"]>["strategy"]): Promise<{ eb: ExplorerBuilder; objects: KubeObject[] }> {
  const eb = new ExplorerBuilder().withControllers(builtinControllers({ only: ["DeploymentController", "ReplicaSetController", "PodLifecycle"] }));
  // Let the controllers build the nginx:1 world first, along one path: its converged state.
  const first = await eb.build().explore(eb.initialState().addTopLevelObject(deployment("web", replicas, "nginx:1", { strategy }), "DeploymentController").build(), { strategy: "dfs" });
  expect(first.complete).toBe(true);
  expect(first.convergedStates).toHaveLength(1);
  return { eb, objects: first.convergedStates[0]!.objects };
}

describe("exploring a Deployment rollout with the built-in controllers", () => {
  it("converges, on every interleaving, to the new template's pods, all ready, and never exceeds the rollout bounds", async () => {
    const replicas = 2;
    const strategy = { type: "RollingUpdate" as const, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    const { eb, objects } = await rolledOutWorld(replicas, strategy);
    const newHash = podTemplateHash(template("web", "nginx:2"));
    eb.withInvariant(
      "at most replicas + maxSurge pods wanted",
      (state) => {
        const wanted = (state.list("apps/ReplicaSet") as ReplicaSet[]).reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
        return wanted <= replicas + 1 || `ReplicaSets want ${wanted} pods`;
      },
    );
    eb.withInvariant(
      "every converged state runs the new template on exactly `replicas` ready pods",
      (state) => {
        const pods = state.list("core/Pod") as Pod[];
        const ready = pods.filter(isReady);
        if (pods.length !== replicas) return `${pods.length} pods`;
        if (ready.length !== replicas) return `${ready.length} ready pods`;
        const stale = pods.filter((p) => p.metadata?.labels?.["pod-template-hash"] !== newHash);
        if (stale.length > 0) return `pods of the old template: ${stale.map((p) => p.metadata?.name).join(", ")}`;
        const d = state.get("apps/Deployment", "default", "web") as Deployment;
        if (d.status?.readyReplicas !== replicas || d.status?.updatedReplicas !== replicas) return `Deployment status ${JSON.stringify(d.status)}`;
        return true;
      },
      { when: "converged" },
    );
    let initial = eb.initialState();
    for (const o of objects) {
      if (o.kind === "Deployment") {
        const d = o as Deployment;
        // A user's edit of the template: the server bumps the generation.
        const edited = { ...d, metadata: { ...d.metadata, generation: (d.metadata?.generation ?? 1) + 1 }, spec: { ...d.spec, template: template("web", "nginx:2") } };
        initial = initial.addTopLevelObject(edited, "DeploymentController");
      } else initial = initial.addObject(o);
    }
    const result = await eb.build().explore(initial.build());
    expect(result.complete).toBe(true);
    expect(result.violations).toEqual([]);
    expect(result.abortedStates).toEqual([]);
    expect(result.nonConverging).toEqual([]);
    expect(result.convergedStates.length).toBeGreaterThan(0);
    for (const s of result.convergedStates) {
      expect(ofKind<Pod>(s.objects, "Pod").filter(isReady)).toHaveLength(replicas);
    }
    // More than one interleaving was explored.
    expect(result.stats.uniqueStates).toBeGreaterThan(10);
  });

  it("brings up a Deployment behind a Service: every converged state lists exactly its ready pods in the Endpoints", async () => {
    const eb = new ExplorerBuilder().withControllers(builtinControllers({ only: ["DeploymentController", "ReplicaSetController", "PodLifecycle", "EndpointsController"] }));
    eb.withInvariant(
      "the Endpoints list the ready pods",
      (state) => {
        const ready = (state.list("core/Pod") as Pod[]).filter(isReady).map((p) => p.status!.podIP).sort();
        const ep = state.get("core/Endpoints", "default", "web") as Endpoints | undefined;
        const listed = (ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
        if (ready.length !== 2) return `${ready.length} ready pods`;
        return JSON.stringify(listed) === JSON.stringify(ready) || `Endpoints list ${listed.join(", ")}, ready pods are ${ready.join(", ")}`;
      },
      { when: "converged" },
    );
    const initial = eb
      .initialState()
      .addTopLevelObject(deployment("web", 2, "nginx:1"), "DeploymentController")
      .addTopLevelObject(service("web", { app: "web" }), "EndpointsController")
      .build();
    const result = await eb.build().explore(initial);
    expect(result.complete).toBe(true);
    expect(result.violations).toEqual([]);
    expect(result.abortedStates).toEqual([]);
    expect(result.nonConverging).toEqual([]);
    // Pod names and IPs do not depend on the path: every interleaving ends in the same world.
    expect(result.convergedStates).toHaveLength(1);
  });
});
