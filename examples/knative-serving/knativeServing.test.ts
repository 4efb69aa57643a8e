import { beforeAll, describe, expect, it } from "vitest";
import type { ExploreResult, KubeObject, ResultState } from "../../src/index.ts";
import { PRIVATE_LOAD_BALANCER } from "./ingressStatusStub.ts";
import { resolveImageDigest } from "./imageDigest.ts";
import { KNATIVE_RECONCILERS } from "./knativeServing.ts";
import { DEMO_IMAGE, scenario } from "./scenario.ts";
import { LABEL, type Condition, type KnativeStatus } from "./types.ts";

type Obj = KubeObject & { spec?: Record<string, unknown>; status?: KnativeStatus & Record<string, unknown> };

function find(state: ResultState, apiVersion: string, kind: string, name: string, namespace = "default"): Obj {
  const obj = state.objects.find((o) => o.apiVersion === apiVersion && o.kind === kind && o.metadata?.name === name && o.metadata?.namespace === namespace);
  if (!obj) throw new Error(`${kind} ${namespace}/${name} is missing from state ${state.id}`);
  return obj as Obj;
}

const ready = (o: Obj): Condition | undefined => o.status?.conditions?.find((c) => c.type === "Ready");

function controllerOf(o: Obj): { kind: string; name: string; uid: string } | undefined {
  return o.metadata?.ownerReferences?.find((r) => r.controller);
}

describe("scenario 6: Knative Serving brings up Service default/demo", () => {
  let result: ExploreResult;

  beforeAll(async () => {
    const { builder, initial, options } = scenario.build();
    // No timeoutMs: a loaded machine takes several times as long, and a run cut short would fail as
    // "incomplete" rather than as slow. The test timeout is the hang guard.
    result = await builder.build().explore(initial, options);
  });

  it("explores to completion with no aborted and no livelocked state", () => {
    expect(result.complete, `stopped after ${result.stats.uniqueStates} states and ${result.stats.transitions} transitions`).toBe(true);
    expect(result.abortedStates.map((s) => `${s.reason}: ${s.error ?? ""}`)).toEqual([]);
    expect(result.nonConverging).toHaveLength(0);
    expect(result.violations).toHaveLength(0);
    expect(result.convergedStates.length).toBeGreaterThan(0);
  });

  it("every converged state has the Service Ready, demo-00001 as latest ready revision and the route URL", () => {
    for (const state of result.convergedStates) {
      const svc = find(state, "serving.knative.dev/v1", "Service", "demo");
      expect(ready(svc)?.status, state.id).toBe("True");
      expect(svc.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(["ConfigurationsReady=True", "Ready=True", "RoutesReady=True"]);
      expect(svc.status?.latestReadyRevisionName).toBe("demo-00001");
      expect(svc.status?.latestCreatedRevisionName).toBe("demo-00001");
      expect(svc.status?.url).toBe("http://demo.default.example.com");
      expect(svc.status?.address).toEqual({ url: "http://demo.default.svc.cluster.local" });
      expect(svc.status?.traffic).toEqual([{ revisionName: "demo-00001", latestRevision: true, percent: 100 }]);
      expect(svc.status?.observedGeneration).toBe(svc.metadata?.generation);
    }
  });

  it("every Knative resource in a converged state is Ready and has observed its generation", () => {
    const knative = (o: KubeObject) => /knative\.dev\//.test(o.apiVersion ?? "");
    for (const state of result.convergedStates) {
      const resources = state.objects.filter(knative) as Obj[];
      expect(resources.map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual(
        ["Configuration/demo", "Ingress/demo", "PodAutoscaler/demo-00001", "Revision/demo-00001", "Route/demo", "ServerlessService/demo-00001", "Service/demo"].sort(),
      );
      for (const o of resources) {
        expect(ready(o)?.status, `${o.kind} ${o.metadata?.name} in ${state.id}`).toBe("True");
        expect(o.status?.observedGeneration, `${o.kind} ${o.metadata?.name}`).toBe(o.metadata?.generation);
      }
    }
  });

  it("names, labels and owns every child the way Knative does", () => {
    const state = result.convergedStates[0]!;
    const svc = find(state, "serving.knative.dev/v1", "Service", "demo");
    const config = find(state, "serving.knative.dev/v1", "Configuration", "demo");
    const route = find(state, "serving.knative.dev/v1", "Route", "demo");
    const rev = find(state, "serving.knative.dev/v1", "Revision", "demo-00001");
    const dep = find(state, "apps/v1", "Deployment", "demo-00001-deployment");
    const pa = find(state, "autoscaling.internal.knative.dev/v1alpha1", "PodAutoscaler", "demo-00001");
    const sks = find(state, "networking.internal.knative.dev/v1alpha1", "ServerlessService", "demo-00001");
    const ingress = find(state, "networking.internal.knative.dev/v1alpha1", "Ingress", "demo");
    const privateSvc = find(state, "v1", "Service", "demo-00001-private");
    const publicSvc = find(state, "v1", "Service", "demo-00001");
    const placeholder = find(state, "v1", "Service", "demo");
    const owned: [Obj, Obj][] = [
      [config, svc],
      [route, svc],
      [rev, config],
      [dep, rev],
      [pa, rev],
      [sks, pa],
      [privateSvc, sks],
      [publicSvc, sks],
      [ingress, route],
      [placeholder, route],
    ];
    for (const [child, owner] of owned) {
      expect(controllerOf(child), `${child.kind} ${child.metadata?.name}`).toMatchObject({ kind: owner.kind, name: owner.metadata?.name, uid: owner.metadata?.uid });
    }
    expect(config.metadata?.labels).toMatchObject({ [LABEL.service]: "demo", [LABEL.serviceUID]: svc.metadata?.uid });
    expect(rev.metadata?.labels).toMatchObject({
      [LABEL.configuration]: "demo",
      [LABEL.configurationGeneration]: "1",
      [LABEL.configurationUID]: config.metadata?.uid,
      [LABEL.service]: "demo",
      [LABEL.routingState]: "pending",
    });
    expect((dep.spec as { selector: unknown }).selector).toEqual({ matchLabels: { [LABEL.revisionUID]: rev.metadata?.uid } });
    expect(privateSvc.metadata?.labels).toMatchObject({ [LABEL.serviceType]: "Private", [LABEL.sks]: "demo-00001", [LABEL.revision]: "demo-00001" });
    expect(placeholder.spec).toMatchObject({ type: "ExternalName", externalName: PRIVATE_LOAD_BALANCER });
    expect(ingress.metadata?.labels).toMatchObject({ [LABEL.route]: "demo", [LABEL.routeNamespace]: "default" });
  });

  it("resolves the image to a digest and deploys the digest, with the queue-proxy beside it", () => {
    for (const state of result.convergedStates) {
      const rev = find(state, "serving.knative.dev/v1", "Revision", "demo-00001");
      const digest = resolveImageDigest(DEMO_IMAGE);
      expect(rev.status?.containerStatuses).toEqual([{ name: "user-container", imageDigest: digest }]);
      const dep = find(state, "apps/v1", "Deployment", "demo-00001-deployment");
      const containers = (dep.spec as { template: { spec: { containers: { name: string; image: string }[] } } }).template.spec.containers;
      expect(containers.map((c) => [c.name, c.image === digest])).toEqual([
        ["user-container", true],
        ["queue-proxy", false],
      ]);
    }
  });

  it("brings up exactly one ready pod behind the revision and takes the activator out of the path", () => {
    for (const state of result.convergedStates) {
      const pods = state.objects.filter((o) => o.kind === "Pod" && o.metadata?.labels?.[LABEL.revision] === "demo-00001") as (Obj & { status?: { podIP?: string } })[];
      expect(pods).toHaveLength(1);
      expect((pods[0]!.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True")).toBe(true);
      const pa = find(state, "autoscaling.internal.knative.dev/v1alpha1", "PodAutoscaler", "demo-00001");
      expect(pa.status).toMatchObject({ desiredScale: 1, actualScale: 1, serviceName: "demo-00001", metricsServiceName: "demo-00001-private" });
      const sks = find(state, "networking.internal.knative.dev/v1alpha1", "ServerlessService", "demo-00001");
      expect(sks.spec).toMatchObject({ mode: "Serve", numActivators: 2 });
      expect(sks.status?.conditions?.find((c) => c.type === "ActivatorEndpointsPopulated")?.status).toBe("False");
      // The public Endpoints the ingress routes to list the pod, no longer the activator.
      const publicEps = find(state, "v1", "Endpoints", "demo-00001") as Obj & { subsets?: { addresses?: { ip: string }[] }[] };
      expect(publicEps.subsets?.flatMap((s) => s.addresses ?? []).map((a) => a.ip)).toEqual([pods[0]!.status?.podIP]);
    }
  });

  it("records the revision's first reconcile failing on its own just-created Deployment, and retries", () => {
    const paths = result.convergedStates.flatMap((s) => s.paths);
    const revisionSteps = paths.flatMap((p) => p.filter((s) => s.reconcilerId === KNATIVE_RECONCILERS.revision && s.error));
    expect(revisionSteps.length).toBeGreaterThan(0);
    expect(revisionSteps[0]!.error).toMatch(/not found/);
  });
});
