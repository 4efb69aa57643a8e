import type { KubeObject } from "../../src/objects/kubeObject.ts";
import type { Deployment, Job, Pod, ReplicaSet, Service, StatefulSet } from "../../src/controllers/workloadObjects.ts";

/** A pod template with one container `app` running `image`, labelled `app: <app>`. */
export function template(app: string, image: string, extra: { annotations?: Record<string, string>; restartPolicy?: "Always" | "Never" | "OnFailure" } = {}) {
  return {
    metadata: { labels: { app }, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: {
      ...(extra.restartPolicy ? { restartPolicy: extra.restartPolicy } : {}),
      containers: [{ name: "app", image, ports: [{ name: "http", containerPort: 8080 }] }],
    },
  };
}

/** A Deployment `default/<name>` selecting `app: <name>`. */
export function deployment(name: string, replicas: number, image: string, spec: Partial<NonNullable<Deployment["spec"]>> = {}): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name, image), ...spec },
  };
}

/** A ReplicaSet `default/<name>` selecting `app: <app>`. */
export function replicaSet(name: string, replicas: number, app = name, extra: Partial<KubeObject["metadata"]> = {}): ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default", labels: { app }, ...extra },
    spec: { replicas, selector: { matchLabels: { app } }, template: template(app, "nginx:1") },
  };
}

/** A bare pod `default/<name>` with `labels`. */
export function pod(name: string, labels: Record<string, string>, spec: Partial<NonNullable<Pod["spec"]>> = {}, metadata: Partial<KubeObject["metadata"]> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", labels, ...metadata },
    spec: { containers: [{ name: "app", image: "nginx:1", ports: [{ name: "http", containerPort: 8080 }] }], ...spec },
  };
}

/** A Service `default/<name>` selecting `selector`, port 80 → named port `http`. */
export function service(name: string, selector: Record<string, string> | undefined, spec: Partial<NonNullable<Service["spec"]>> = {}): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default" },
    spec: { ...(selector ? { selector } : {}), ports: [{ name: "web", port: 80, targetPort: "http" }], ...spec },
  };
}

/** A StatefulSet `default/<name>` with one volume claim template `data`. */
export function statefulSet(name: string, replicas: number, spec: Partial<NonNullable<StatefulSet["spec"]>> = {}): StatefulSet {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: template(name, "db:1"),
      volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
      ...spec,
    },
  };
}

/** A Job `default/<name>` whose pods never restart. */
export function job(name: string, spec: Partial<NonNullable<Job["spec"]>> = {}, annotations?: Record<string, string>): Job {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default" },
    spec: { template: template(name, "worker:1", { restartPolicy: "Never", ...(annotations ? { annotations } : {}) }), ...spec },
  };
}
