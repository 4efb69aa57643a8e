import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { applyStrategicMergePatch } from "../../src/apiserver/strategicMergePatch.ts";
import { deepFreeze } from "../../src/objects/deepFreeze.ts";

const pod = () =>
  deepFreeze({
    metadata: {
      name: "p",
      finalizers: ["a", "b"],
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u1", controller: true }],
      labels: { app: "web" },
    },
    spec: {
      containers: [
        {
          name: "app",
          image: "web:1",
          env: [{ name: "A", value: "1" }, { name: "B", value: "2" }],
          ports: [{ containerPort: 80, name: "http" }],
          volumeMounts: [{ name: "data", mountPath: "/data" }],
        },
        { name: "sidecar", image: "log:1" },
      ],
      volumes: [{ name: "data", emptyDir: {} }],
      tolerations: [{ key: "t1" }],
    },
    status: { conditions: [{ type: "Ready", status: "False" }, { type: "Scheduled", status: "True" }] },
  });

type Pod = ReturnType<typeof pod>;

function badRequest(patch: unknown): ApiError {
  try {
    applyStrategicMergePatch(pod(), patch);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(400);
    return e as ApiError;
  }
  throw new Error("the patch applied");
}

describe("applyStrategicMergePatch", () => {
  it("containers merge by name: the named container changes, the others stay", () => {
    const out = applyStrategicMergePatch(pod(), { spec: { containers: [{ name: "app", image: "web:2" }] } });
    expect(out.spec.containers.map((c) => [c.name, c.image])).toEqual([["app", "web:2"], ["sidecar", "log:1"]]);
    expect(out.spec.containers[0]!.env).toHaveLength(2);
  });

  it("a container with a new name is appended", () => {
    const out = applyStrategicMergePatch(pod(), { spec: { containers: [{ name: "new", image: "n:1" }] } });
    expect(out.spec.containers.map((c) => c.name)).toEqual(["app", "sidecar", "new"]);
  });

  it("env merges by name inside a merged container, and null deletes a field of an element", () => {
    const out = applyStrategicMergePatch(pod(), {
      spec: { containers: [{ name: "app", env: [{ name: "B", value: "20" }, { name: "C", value: "3" }, { name: "A", value: null }] }] },
    });
    expect(out.spec.containers[0]!.env).toEqual([{ name: "A" }, { name: "B", value: "20" }, { name: "C", value: "3" }]);
  });

  it("$patch: delete removes the element with that key", () => {
    const out = applyStrategicMergePatch(pod(), { spec: { containers: [{ name: "sidecar", $patch: "delete" }] } });
    expect(out.spec.containers.map((c) => c.name)).toEqual(["app"]);
  });

  it("container ports merge by containerPort and Service ports by port", () => {
    const out = applyStrategicMergePatch(pod(), { spec: { containers: [{ name: "app", ports: [{ containerPort: 80, protocol: "TCP" }, { containerPort: 443 }] }] } });
    expect(out.spec.containers[0]!.ports).toEqual([{ containerPort: 80, name: "http", protocol: "TCP" }, { containerPort: 443 }]);
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
    expect(applyStrategicMergePatch(svc, { spec: { ports: [{ port: 443, targetPort: 9443 }] } }).spec.ports).toEqual([
      { port: 80, targetPort: 8080 },
      { port: 443, targetPort: 9443 },
    ]);
  });

  it("volumes merge by name and volumeMounts by mountPath", () => {
    const out = applyStrategicMergePatch(pod(), {
      spec: {
        volumes: [{ name: "cache", emptyDir: {} }],
        containers: [{ name: "app", volumeMounts: [{ name: "data", mountPath: "/data2" }] }],
      },
    });
    expect(out.spec.volumes.map((v) => v.name)).toEqual(["data", "cache"]);
    expect(out.spec.containers[0]!.volumeMounts).toEqual([{ name: "data", mountPath: "/data" }, { name: "data", mountPath: "/data2" }]);
  });

  it("conditions merge by type", () => {
    const out = applyStrategicMergePatch(pod(), { status: { conditions: [{ type: "Ready", status: "True" }] } });
    expect(out.status.conditions).toEqual([{ type: "Ready", status: "True" }, { type: "Scheduled", status: "True" }]);
  });

  it("ownerReferences merge by uid", () => {
    const out = applyStrategicMergePatch(pod(), { metadata: { ownerReferences: [{ apiVersion: "v1", kind: "X", name: "x", uid: "u2" }] } });
    expect(out.metadata.ownerReferences.map((o) => o.uid)).toEqual(["u1", "u2"]);
    const removed = applyStrategicMergePatch(pod(), { metadata: { ownerReferences: [{ uid: "u1", $patch: "delete" }] } });
    expect(removed.metadata.ownerReferences).toEqual([]);
  });

  it("finalizers merge as a set and $deleteFromPrimitiveList removes from them", () => {
    expect(applyStrategicMergePatch(pod(), { metadata: { finalizers: ["b", "c"] } }).metadata.finalizers).toEqual(["a", "b", "c"]);
    expect(applyStrategicMergePatch(pod(), { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } }).metadata.finalizers).toEqual(["b"]);
  });

  it("lists without a merge strategy are replaced whole", () => {
    expect(applyStrategicMergePatch(pod(), { spec: { tolerations: [{ key: "t2" }] } }).spec.tolerations).toEqual([{ key: "t2" }]);
  });

  it("a { $patch: replace } element replaces a merging list", () => {
    const out = applyStrategicMergePatch(pod(), { spec: { containers: [{ $patch: "replace" }, { name: "only", image: "o:1" }] } });
    expect(out.spec.containers).toEqual([{ name: "only", image: "o:1" }]);
  });

  it("$patch: replace on a map replaces it instead of merging", () => {
    const out = applyStrategicMergePatch(pod(), { metadata: { labels: { $patch: "replace", tier: "x" } } });
    expect(out.metadata.labels).toEqual({ tier: "x" });
  });

  it("$patch: delete on a map removes it", () => {
    const out = applyStrategicMergePatch(pod(), { metadata: { labels: { $patch: "delete" } } }) as Pod & { metadata: { labels?: unknown } };
    expect(out.metadata.labels).toBeUndefined();
  });

  it("$retainKeys drops the fields it does not list", () => {
    const out = applyStrategicMergePatch({ spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } } } }, {
      spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } },
    });
    expect(out.spec.strategy).toEqual({ type: "Recreate" });
  });

  it("$setElementOrder orders a merged list", () => {
    const out = applyStrategicMergePatch(pod(), { spec: { "$setElementOrder/containers": [{ name: "sidecar" }, { name: "app" }] } });
    expect(out.spec.containers.map((c) => c.name)).toEqual(["sidecar", "app"]);
  });

  it("null deletes fields and plain objects merge as in a merge patch", () => {
    const out = applyStrategicMergePatch(pod(), { metadata: { labels: { app: null, tier: "t" } } });
    expect(out.metadata.labels).toEqual({ tier: "t" });
  });

  it("directives are not left in newly added elements", () => {
    const out = applyStrategicMergePatch(pod(), { spec: { containers: [{ name: "new", env: [{ name: "X", value: null }], resources: { $patch: "replace", limits: {} } }] } });
    expect(out.spec.containers[2]).toEqual({ name: "new", env: [{ name: "X" }], resources: { limits: {} } });
  });

  it("does not mutate its inputs and shares no structure with them", () => {
    const target = pod();
    const patch = { spec: { containers: [{ name: "new", env: [{ name: "X", value: "1" }] }] } };
    const out = applyStrategicMergePatch(target, patch);
    out.spec.containers[2]!.env!.push({ name: "Y", value: "2" });
    expect(patch.spec.containers[0]!.env).toHaveLength(1);
    expect(target.spec.containers).toHaveLength(2);
  });

  it("an element without the merge key is a BadRequest", () => {
    expect(badRequest({ spec: { containers: [{ image: "x" }] } }).message).toContain("does not contain declared merge key: name");
  });

  it("an unknown $patch directive is a BadRequest", () => {
    expect(badRequest({ metadata: { labels: { $patch: "explode" } } }).message).toContain("Unknown patch type: explode");
  });

  it("a patch that is not an object is a BadRequest", () => {
    badRequest([1]);
  });
});
