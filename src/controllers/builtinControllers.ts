import type { ControllerRegistration } from "../controllerRegistration.ts";
import { KameraError } from "../kameraError.ts";
import { deploymentControllerRegistration } from "./deploymentController.ts";
import { endpointsControllerRegistration } from "./endpointsController.ts";
import { jobControllerRegistration } from "./jobController.ts";
import { podLifecycleRegistration } from "./podLifecycle.ts";
import { replicaSetControllerRegistration } from "./replicaSetController.ts";
import { statefulSetControllerRegistration } from "./statefulSetController.ts";

/** The ids of the built-in controllers, in registration order. */
export const BUILTIN_CONTROLLER_IDS = [
  "DeploymentController",
  "ReplicaSetController",
  "PodLifecycle",
  "EndpointsController",
  "StatefulSetController",
  "JobController",
] as const;

/** One built-in controller's id. */
export type BuiltinControllerId = (typeof BUILTIN_CONTROLLER_IDS)[number];

/** Options of `builtinControllers`. */
export interface BuiltinControllersOptions {
  /** Register only these controllers (default: all). */
  only?: readonly BuiltinControllerId[];
  /** Leave these controllers out. */
  except?: readonly BuiltinControllerId[];
  /** The node PodLifecycle binds pods to when the world has no Node objects (default `"node-1"`). */
  defaultNodeName?: string;
}

function checkIds(option: string, ids: unknown): BuiltinControllerId[] {
  if (ids === undefined) return [];
  if (!Array.isArray(ids)) throw new KameraError(`builtinControllers({ ${option} }): expected an array of controller ids (${BUILTIN_CONTROLLER_IDS.join(", ")})`);
  for (const id of ids) {
    if (!(BUILTIN_CONTROLLER_IDS as readonly unknown[]).includes(id)) {
      throw new KameraError(`builtinControllers({ ${option} }): unknown controller ${JSON.stringify(id)}; the built-in controllers are ${BUILTIN_CONTROLLER_IDS.join(", ")}`);
    }
  }
  return ids as BuiltinControllerId[];
}

/**
 * The built-in Kubernetes controllers, ready for `eb.withControllers(...)`: Deployment,
 * ReplicaSet, pod lifecycle (scheduler + kubelet), Endpoints, StatefulSet and Job. They interleave
 * with the user's reconcilers like any other controller. Each is a simplified but faithful model
 * of the real one; docs/controllers.md says what each does and leaves out.
 *
 * @example
 * ```ts
 * eb.withControllers(builtinControllers());                                    // all of them
 * eb.withControllers(builtinControllers({ only: ["DeploymentController", "ReplicaSetController", "PodLifecycle"] }));
 * eb.withControllers(builtinControllers({ except: ["JobController"], defaultNodeName: "worker-1" }));
 * ```
 */
export function builtinControllers(opts: BuiltinControllersOptions = {}): ControllerRegistration[] {
  if (opts === null || typeof opts !== "object") throw new KameraError("builtinControllers: expected an options object such as { only: [\"DeploymentController\"] }");
  const only = checkIds("only", opts.only);
  const except = checkIds("except", opts.except);
  if (opts.defaultNodeName !== undefined && (typeof opts.defaultNodeName !== "string" || opts.defaultNodeName === "")) {
    throw new KameraError(`builtinControllers({ defaultNodeName }): expected a non-empty node name, got ${JSON.stringify(opts.defaultNodeName)}`);
  }
  const wanted = (id: BuiltinControllerId) => (opts.only === undefined || only.includes(id)) && !except.includes(id);
  const make: Record<BuiltinControllerId, () => ControllerRegistration> = {
    DeploymentController: deploymentControllerRegistration,
    ReplicaSetController: replicaSetControllerRegistration,
    PodLifecycle: () => podLifecycleRegistration(opts.defaultNodeName !== undefined ? { defaultNodeName: opts.defaultNodeName } : {}),
    EndpointsController: endpointsControllerRegistration,
    StatefulSetController: statefulSetControllerRegistration,
    JobController: jobControllerRegistration,
  };
  return BUILTIN_CONTROLLER_IDS.filter(wanted).map((id) => make[id]());
}
