import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as browser from "../../src/browser.ts";
import * as main from "../../src/index.ts";

const root = resolve(import.meta.dirname, "../..");

/** The main entry's exports that need Node, and so are not in the browser entry. */
const NODE_ONLY = [
  "Runner",
  "exploreIsolated",
  "UsageError",
  // Worker threads.
  "exploreScenario",
  "saveDump",
  "loadDump",
  "writeDump",
  "runInspector",
  "startApiServer",
  "loadStateFile",
  "saveStateFile",
  // Tracing records to files (the lenses and parseTrace are portable: the browser inspector shows traces).
  "traceClient",
  "traceReconciler",
  "openTraceFile",
  "streamSink",
  "readTraceFile",
  "initialStateFromTrace",
  "worldAtEvent",
];

/**
 * Node built-ins reached from the browser entry that a page never uses, by importing module (the
 * same list as vite.config.ts's NODE_IMPORTS_HANDLED): read only for a file: URL.
 */
const NODE_IMPORTS_ALLOWED = new Set(["bindings/wasmModule.ts node:fs/promises"]);

/** Static and dynamic value imports of a module (type-only imports are erased and ignored). */
function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^;"']*?\bfrom\s+)?["']([^"']+)["']/gm)) found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push(m[1]!);
  return found;
}

describe("the browser entry (kamera/browser)", () => {
  it("exports everything the main entry does except what needs Node", () => {
    const expected = Object.keys(main).filter((name) => !NODE_ONLY.includes(name)).sort();
    expect(Object.keys(browser).sort()).toEqual(expected);
    for (const name of expected) expect((browser as Record<string, unknown>)[name], name).toBe((main as Record<string, unknown>)[name]);
  });

  it("reaches no Node built-in module, statically or dynamically, beyond the known file: URL read", async () => {
    const seen = new Set<string>();
    const offending: string[] = [];
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = await readFile(file, "utf8");
      for (const spec of importsOf(text)) {
        const from = file.slice(root.length + 1);
        if (spec.startsWith("node:")) {
          if (!NODE_IMPORTS_ALLOWED.has(`${from} ${spec}`)) offending.push(`${from} imports ${spec}`);
        } else if (spec.startsWith(".")) {
          await visit(join(dirname(file), spec));
        }
      }
    };
    await visit(join(root, "src", "browser.ts"));
    expect(seen.size).toBeGreaterThan(20);
    expect(offending).toEqual([]);
  });
});
