import type { LabelSelector } from "../client/client.ts";
import type { KubeObject, ObjectMeta } from "../objects/kubeObject.ts";
import type { Condition } from "./conditions.ts";

/**
 * The parts of the core workload objects that the built-in controllers read and write, typed
 * loosely (every field optional) because they arrive as plain JSON from a user's scenario.
 * Compatible with client-node's `V1Deployment`, `V1Pod` and friends.
 */

/** `v1.PodTemplateSpec`. */
export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

/** The parts of `v1.PodSpec` the models look at. */
export interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  restartPolicy?: "Always" | "OnFailure" | "Never";
  hostname?: string;
  subdomain?: string;
  containers?: { name: string; image?: string; ports?: { name?: string; containerPort: number; protocol?: string }[]; [f: string]: unknown }[];
  volumes?: { name: string; [f: string]: unknown }[];
  [field: string]: unknown;
}

/** `apps/v1` Deployment. */
export interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    strategy?: { type?: "RollingUpdate" | "Recreate"; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    collisionCount?: number;
    conditions?: Condition[];
  };
}

/** `apps/v1` ReplicaSet. */
export interface ReplicaSet extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplateSpec; minReadySeconds?: number };
  status?: {
    replicas?: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: Condition[];
  };
}

/** `apps/v1` StatefulSet. */
export interface StatefulSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    serviceName?: string;
    podManagementPolicy?: "OrderedReady" | "Parallel";
    updateStrategy?: { type?: "RollingUpdate" | "OnDelete"; rollingUpdate?: { partition?: number } };
    volumeClaimTemplates?: PersistentVolumeClaim[];
    persistentVolumeClaimRetentionPolicy?: { whenDeleted?: "Retain" | "Delete"; whenScaled?: "Retain" | "Delete" };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    currentReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    collisionCount?: number;
  };
}

/** `batch/v1` Job. */
export interface Job extends KubeObject {
  spec?: {
    parallelism?: number;
    completions?: number;
    completionMode?: "NonIndexed" | "Indexed";
    backoffLimit?: number;
    suspend?: boolean;
    selector?: LabelSelector;
    manualSelector?: boolean;
    template?: PodTemplateSpec;
  };
  status?: {
    active?: number;
    ready?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
    completedIndexes?: string;
    conditions?: Condition[];
  };
}

/** `v1` Pod. */
export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: {
    phase?: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
    conditions?: Condition[];
    hostIP?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    startTime?: string;
    containerStatuses?: Record<string, unknown>[];
    [field: string]: unknown;
  };
}

/** `v1` PersistentVolumeClaim. */
export interface PersistentVolumeClaim extends KubeObject {
  spec?: Record<string, unknown>;
}

/** `v1` Service. */
export interface Service extends KubeObject {
  spec?: {
    selector?: Record<string, string>;
    clusterIP?: string;
    publishNotReadyAddresses?: boolean;
    ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string; appProtocol?: string }[];
    [field: string]: unknown;
  };
}

/** `v1` Node. */
export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; [field: string]: unknown };
  status?: { conditions?: Condition[]; addresses?: { type: string; address: string }[]; [field: string]: unknown };
}

/** `spec.replicas`, defaulted to 1 as the real API server defaults it. */
export function desiredReplicas(obj: { spec?: { replicas?: number } }): number {
  const r = obj.spec?.replicas;
  if (r === undefined || r === null) return 1;
  if (!Number.isInteger(r) || r < 0) {
    const meta = (obj as KubeObject).metadata;
    throw new Error(`${(obj as KubeObject).kind ?? "object"} ${meta?.namespace ?? ""}/${meta?.name ?? ""} has spec.replicas ${JSON.stringify(r)}: expected a non-negative integer`);
  }
  return r;
}
