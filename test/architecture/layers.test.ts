import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readImportGraph } from "./importGraph.ts";
import { checkLayers, importCycles, KAMERA_LAYERS, type LayerRule } from "./layerRule.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("kamera's layer rule (docs/architecture.md)", () => {
  const graph = readImportGraph(ROOT, ["src", "bindings", "examples", "bench", "test", "bin"]);
  const violations = checkLayers(graph, KAMERA_LAYERS);

  it("has no import cycles, no upward imports, no src/ import of examples/bench/test and no bindings/ import of src/", () => {
    expect(violations.map((v) => v.message)).toEqual([]);
  });

  it("reads the real tree: every src/ and bindings/ module sits on a floor and the graph has edges", () => {
    expect(graph.files.filter((f) => f.startsWith("src/")).length).toBeGreaterThan(100);
    expect(graph.edges.some((e) => e.from === "src/index.ts")).toBe(true);
    expect(violations.filter((v) => v.kind === "unplaced" || v.kind === "unresolved")).toEqual([]);
  });
});

describe("the layer checker itself, on a small fixture tree", () => {
  const dir = mkdtempSync(join(tmpdir(), "kamera-layers-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const rule: LayerRule = {
    floors: [
      { name: "bindings", owns: ["bindings/"] },
      { name: "low", owns: ["src/low/", "src/base.ts"] },
      { name: "high", owns: ["src/high/"] },
    ],
    outside: ["examples/", "test/"],
    layered: ["src/", "bindings/"],
  };

  write("bindings/core.ts", `import { base } from "../src/base.ts";\nexport const core = base;\n`);
  write("src/base.ts", `export const base = 1;\n`);
  write("src/low/a.ts", `import type { B } from "./b.ts";\nimport { h } from "../high/h.ts";\nexport type A = B;\nexport const a = h;\n`);
  write("src/low/b.ts", `import type { A } from "./a.ts";\nexport type B = A | number;\n`);
  write("src/high/h.ts", `import { base } from "../base.ts";\n// import { e } from "../../examples/e.ts"; (a comment, not an import)\nexport const h = base;\n`);
  write("src/high/loader.ts", `export const load = () => import("../../examples/e.ts");\n`);
  write("src/high/missing.ts", `import { gone } from "./gone.ts";\nexport const m = gone;\n`);
  write("src/stray/s.ts", `export const s = 1;\n`);
  write("examples/e.ts", `import { h } from "../src/high/h.ts";\nexport const e = h;\n`);
  const fixture = readImportGraph(dir, ["src", "bindings", "examples"]);
  const found = checkLayers(fixture, rule);
  const keysOf = (kind: string): string[] => found.filter((v) => v.kind === kind).map((v) => v.key);

  it("reports an import from a lower floor to a higher one, and bindings importing src", () => {
    expect(keysOf("upward")).toEqual(["bindings/core.ts -> src/base.ts", "src/low/a.ts -> src/high/h.ts"]);
  });

  it("reports src importing an outside folder, dynamic imports included, comments not", () => {
    expect(keysOf("into-outside")).toEqual(["src/high/loader.ts -> examples/e.ts"]);
  });

  it("reports a cycle even when it is made of type-only imports", () => {
    expect(keysOf("cycle")).toEqual(["cycle src/low/a.ts <-> src/low/b.ts"]);
  });

  it("reports a module on no floor and an import that names no file", () => {
    expect(keysOf("unplaced")).toEqual(["unplaced src/stray/s.ts"]);
    expect(keysOf("unresolved")).toEqual(["unresolved src/high/missing.ts -> ./gone.ts"]);
  });

  it("lets outside modules import any floor and a floor import a lower one", () => {
    expect(found.some((v) => v.key.startsWith("examples/"))).toBe(false);
    expect(found.some((v) => v.key === "src/high/h.ts -> src/base.ts")).toBe(false);
  });

  it("finds every cycle of a longer chain once, in a stable order", () => {
    const edge = (from: string, to: string) => ({ from, to, typeOnly: false });
    const cycles = importCycles(["a", "b", "c", "d", "e"], [edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("d", "d"), edge("e", "a")]);
    expect(cycles).toEqual([["a", "b", "c"], ["d"]]);
  });
});
