import { describe, expect, it } from "vitest";
import { desiredReplicas } from "../../src/controllers/workloadObjects.ts";

describe("desiredReplicas", () => {
  it("defaults to 1 as the API server does, and rejects what a server would", () => {
    expect(desiredReplicas({ spec: {} })).toBe(1);
    expect(desiredReplicas({ spec: { replicas: 0 } })).toBe(0);
    expect(() => desiredReplicas({ kind: "Deployment", metadata: { name: "web", namespace: "default" }, spec: { replicas: -1 } } as never)).toThrow(
      "Deployment default/web has spec.replicas -1: expected a non-negative integer",
    );
  });
});
