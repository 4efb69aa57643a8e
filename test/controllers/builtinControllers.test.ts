import { describe, expect, it } from "vitest";
import { BUILTIN_CONTROLLER_IDS, builtinControllers } from "../../src/controllers/builtinControllers.ts";
import { KameraError } from "../../src/kameraError.ts";

describe("builtinControllers", () => {
  it("registers all six controllers with their primary and owned kinds", () => {
    const regs = builtinControllers();
    expect(regs.map((r) => [r.id, r.for, r.owns])).toEqual([
      ["DeploymentController", "apps/Deployment", ["apps/ReplicaSet"]],
      ["ReplicaSetController", "apps/ReplicaSet", ["core/Pod"]],
      ["PodLifecycle", "core/Pod", []],
      ["EndpointsController", "core/Service", []],
      ["StatefulSetController", "apps/StatefulSet", ["core/Pod", "core/PersistentVolumeClaim"]],
      ["JobController", "batch/Job", ["core/Pod"]],
    ]);
    expect(regs.every((r) => typeof r.factory === "function" && typeof r.trigger === "function")).toBe(true);
    expect(regs.map((r) => r.id)).toEqual([...BUILTIN_CONTROLLER_IDS]);
  });

  it("picks a subset with only and except", () => {
    expect(builtinControllers({ only: ["PodLifecycle", "DeploymentController"] }).map((r) => r.id)).toEqual(["DeploymentController", "PodLifecycle"]);
    expect(builtinControllers({ except: ["JobController", "StatefulSetController"] }).map((r) => r.id)).toEqual([
      "DeploymentController",
      "ReplicaSetController",
      "PodLifecycle",
      "EndpointsController",
    ]);
    expect(builtinControllers({ only: [] })).toEqual([]);
  });

  it("rejects an unknown controller id with the list of valid ones", () => {
    expect(() => builtinControllers({ only: ["Deployment" as never] })).toThrow(KameraError);
    expect(() => builtinControllers({ except: ["Kubelet" as never] })).toThrow(
      'builtinControllers({ except }): unknown controller "Kubelet"; the built-in controllers are DeploymentController, ReplicaSetController, PodLifecycle, EndpointsController, StatefulSetController, JobController',
    );
    expect(() => builtinControllers({ defaultNodeName: "" })).toThrow(/defaultNodeName/);
  });
});
