import { describe, expect, it } from "vitest";
import { podFromTemplate } from "../../src/controllers/podFromTemplate.ts";

describe("podFromTemplate", () => {
  it("copies the template's labels, annotations, finalizers and spec, and references the owner", () => {
    const template = { metadata: { labels: { app: "web" }, annotations: { a: "b" }, finalizers: ["x/y"] }, spec: { containers: [{ name: "c", image: "i" }] } };
    const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-1", namespace: "ns", uid: "u" } };
    const pod = podFromTemplate(template, owner, "web-1-abcde", "web-1-");
    expect(pod).toEqual({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "web-1-abcde",
        generateName: "web-1-",
        namespace: "ns",
        labels: { app: "web" },
        annotations: { a: "b" },
        finalizers: ["x/y"],
        ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "u", controller: true, blockOwnerDeletion: true }],
      },
      spec: { containers: [{ name: "c", image: "i" }] },
    });
    pod.spec!.containers![0]!.image = "changed";
    expect(template.spec.containers[0]!.image).toBe("i");
  });
});
