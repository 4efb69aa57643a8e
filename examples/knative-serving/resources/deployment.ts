import { controllerRef } from "../controllerRef.ts";
import { fakeSha256 } from "../imageDigest.ts";
import { names } from "../resourceNames.ts";
import { ANNOTATION, LABEL, type Container, type Deployment, type Revision } from "../types.ts";
import { revisionLabels } from "./revisionLabels.ts";

/** config-deployment's queue sidecar image (a pinned digest in a real install). */
export const QUEUE_SIDECAR_IMAGE = `gcr.io/knative-releases/knative.dev/serving/cmd/queue@sha256:${fakeSha256("queue")}`;
/** The port the queue-proxy serves on, where Services and Endpoints point. */
export const QUEUE_HTTP_PORT = 8012;
/** The user container's port when it declares none. */
const DEFAULT_USER_PORT = 8080;
/** config-autoscaler's `initial-scale`. */
export const INITIAL_SCALE = 1;
/** config-deployment's `progress-deadline` (600 s). */
const PROGRESS_DEADLINE_SECONDS = 600;

/** The revision's annotations that its Deployment and pods carry (routing bookkeeping stays on the revision). */
function deploymentAnnotations(rev: Revision): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rev.metadata.annotations ?? {})) {
    if (k !== ANNOTATION.routes && k !== ANNOTATION.routingStateModified) out[k] = v;
  }
  return out;
}

/** The user container as deployed: the resolved digest instead of the tag, Knative's env and port. */
function userContainer(rev: Revision, container: Container, index: number): Container {
  const digest = rev.status?.containerStatuses?.[index]?.imageDigest;
  const port = container.ports?.[0]?.containerPort ?? DEFAULT_USER_PORT;
  const { readinessProbe: _movedToQueueProxy, ...rest } = container;
  const labels = rev.metadata.labels ?? {};
  return {
    ...rest,
    name: container.name || "user-container",
    image: digest || container.image,
    ports: [{ name: "user-port", containerPort: port, protocol: "TCP" }],
    env: [
      ...(container.env ?? []),
      { name: "PORT", value: String(port) },
      { name: "K_REVISION", value: rev.metadata.name },
      { name: "K_CONFIGURATION", value: labels[LABEL.configuration] ?? "" },
      { name: "K_SERVICE", value: labels[LABEL.service] ?? "" },
    ],
    terminationMessagePolicy: "FallbackToLogsOnError",
  };
}

/** The queue-proxy sidecar: it owns the readiness probe and the port traffic arrives on. */
function queueContainer(rev: Revision, userPort: number): Container {
  const labels = rev.metadata.labels ?? {};
  return {
    name: "queue-proxy",
    image: QUEUE_SIDECAR_IMAGE,
    ports: [
      { name: "http-queueadm", containerPort: 8022, protocol: "TCP" },
      { name: "http-autometric", containerPort: 9090, protocol: "TCP" },
      { name: "http-usermetric", containerPort: 9091, protocol: "TCP" },
      { name: "queue-port", containerPort: QUEUE_HTTP_PORT, protocol: "TCP" },
    ],
    env: [
      { name: "SERVING_NAMESPACE", value: rev.metadata.namespace },
      { name: "SERVING_SERVICE", value: labels[LABEL.service] ?? "" },
      { name: "SERVING_CONFIGURATION", value: labels[LABEL.configuration] ?? "" },
      { name: "SERVING_REVISION", value: rev.metadata.name },
      { name: "QUEUE_SERVING_PORT", value: String(QUEUE_HTTP_PORT) },
      { name: "CONTAINER_CONCURRENCY", value: String(rev.spec.containerConcurrency ?? 0) },
      { name: "REVISION_TIMEOUT_SECONDS", value: String(rev.spec.timeoutSeconds ?? 300) },
      { name: "USER_PORT", value: String(userPort) },
    ],
    readinessProbe: { httpGet: { port: QUEUE_HTTP_PORT, httpHeaders: [{ name: "K-Network-Probe", value: "queue" }] }, successThreshold: 1 },
    resources: { requests: { cpu: "25m" } },
  };
}

/**
 * `revision/resources.MakeDeployment`: `<revision>-deployment`, owned by the revision, selecting
 * its pods by revision uid, `initial-scale` replicas, a rolling update that never drops below the
 * wanted replicas, and a pod of the user container plus the queue-proxy sidecar.
 */
export function makeDeployment(rev: Revision): Deployment {
  const labels = revisionLabels(rev);
  const annotations = deploymentAnnotations(rev);
  const containers = rev.spec.containers.map((c, i) => userContainer(rev, c, i));
  const userPort = rev.spec.containers[0]?.ports?.[0]?.containerPort ?? DEFAULT_USER_PORT;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: names.deployment(rev.metadata.name),
      namespace: rev.metadata.namespace,
      labels,
      annotations,
      ownerReferences: [controllerRef(rev)],
    },
    spec: {
      replicas: INITIAL_SCALE,
      selector: { matchLabels: { [LABEL.revisionUID]: String(rev.metadata.uid) } },
      progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
      template: {
        metadata: { labels, annotations },
        spec: {
          containers: [...containers, queueContainer(rev, userPort)],
          enableServiceLinks: rev.spec.enableServiceLinks ?? false,
          terminationGracePeriodSeconds: rev.spec.timeoutSeconds ?? 300,
          ...(rev.spec.serviceAccountName ? { serviceAccountName: rev.spec.serviceAccountName } : {}),
        },
      },
    },
  };
}
