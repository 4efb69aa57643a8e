import { describe, expect, it } from "vitest";
import { controllerRefOf, isControlledBy, isDeleting, newControllerRef } from "../../src/controllers/controllerRef.ts";

const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web", namespace: "default", uid: "u1" } };

describe("controller references", () => {
  it("are what NewControllerRef builds, and are recognised by uid", () => {
    const ref = newControllerRef(owner);
    expect(ref).toEqual({ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: "u1", controller: true, blockOwnerDeletion: true });
    const child = { metadata: { ownerReferences: [{ ...ref, controller: false, uid: "other" }, ref] } };
    expect(controllerRefOf(child)).toBe(ref);
    expect(isControlledBy(child, owner)).toBe(true);
    expect(isControlledBy(child, { ...owner, metadata: { ...owner.metadata, uid: "u2" } })).toBe(false);
    expect(controllerRefOf({ metadata: {} })).toBeUndefined();
  });

  it("cannot be made to an object that has no uid yet", () => {
    expect(() => newControllerRef({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web" } })).toThrow(/has no apiVersion, kind, name or uid/);
  });

  it("tell an object being deleted by its deletionTimestamp", () => {
    expect(isDeleting({ metadata: { deletionTimestamp: "1970-01-01T00:00:00Z" } })).toBe(true);
    expect(isDeleting({ metadata: {} })).toBe(false);
  });
});
