import { describe, expect, it } from "vitest";
import { diffObjects } from "../../../src/inspect/web/app/effectDiff.ts";
import type { KubeObject } from "../../../src/objects/kubeObject.ts";

const before: KubeObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default", resourceVersion: "7", uid: "u1", generation: 2 },
  spec: { replicas: 1, template: { spec: { containers: [{ name: "app", image: "app:1" }] } } },
};
const after: KubeObject = {
  ...before,
  metadata: { ...before.metadata, resourceVersion: "8" },
  spec: { replicas: 3, template: { spec: { containers: [{ name: "app", image: "app:2" }] } } },
};

describe("diffObjects", () => {
  it("pairs replaced lines side by side and hides server-managed metadata", () => {
    const { rows, fields } = diffObjects(before, after);
    const changed = rows.filter((r) => r.kind === "changed");
    expect(changed.map((r) => r.kind === "changed" && [r.left.text.trim(), r.right.text.trim()])).toEqual([
      ["replicas: 1", "replicas: 3"],
      ["image: app:1", "image: app:2"],
    ]);
    expect(fields.map((f) => f.path)).toEqual(["spec.replicas", "spec.template.spec.containers[0].image"]);
    const text = JSON.stringify(rows);
    expect(text).not.toContain("resourceVersion");
    expect(text).not.toContain("uid");
    // generation is compared with observedGeneration by controllers: it stays visible.
    expect(text).toContain("generation");
  });

  it("shows server-managed metadata on request", () => {
    const { rows, fields } = diffObjects(before, after, { showServerFields: true });
    expect(rows.some((r) => r.kind === "changed" && r.left.text.includes("resourceVersion: \"7\""))).toBe(true);
    expect(fields.map((f) => f.path)).toContain("metadata.resourceVersion");
  });

  it("numbers the lines of each side independently", () => {
    const { rows } = diffObjects({ kind: "A", a: 1 }, { kind: "A", b: 2, c: 3 }, { context: 10 });
    expect(rows).toEqual([
      { kind: "same", left: { line: 1, text: "kind: A" }, right: { line: 1, text: "kind: A" } },
      { kind: "changed", left: { line: 2, text: "a: 1" }, right: { line: 2, text: "b: 2" } },
      { kind: "added", right: { line: 3, text: "c: 3" } },
    ]);
  });

  it("diffs a removed object against nothing: every line is removed", () => {
    const { rows, fields } = diffObjects(before, undefined);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.kind === "removed")).toBe(true);
    expect(fields.every((f) => f.change === "removed")).toBe(true);
  });

  it("folds long unchanged runs but keeps context lines next to each change", () => {
    const big = (n: number): KubeObject => ({ kind: "ConfigMap", data: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${String(i).padStart(2, "0")}`, i === 15 ? n : i])) });
    const { rows } = diffObjects(big(0), big(1), { context: 2 });
    const kinds = rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === "changed")).toHaveLength(1);
    expect(kinds.filter((k) => k === "fold")).toHaveLength(2);
    const i = kinds.indexOf("changed");
    expect(kinds.slice(i - 2, i + 3)).toEqual(["same", "same", "changed", "same", "same"]);
    const folded = rows.reduce((n, r) => n + (r.kind === "fold" ? r.count : 0), 0);
    // 32 lines (kind, data:, 30 keys): 1 changed, 4 of context, the rest folded.
    expect(folded).toBe(32 - 1 - 4);
  });

  it("does not touch the (frozen) objects it is given", () => {
    const frozen = Object.freeze({ ...before, metadata: Object.freeze({ ...before.metadata }) });
    expect(() => diffObjects(frozen, after)).not.toThrow();
    expect(frozen.metadata.resourceVersion).toBe("7");
  });
});
