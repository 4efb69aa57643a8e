import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { freshCompiledCli, needsSources, notePointer } from "../../scripts/compiledCli.mjs";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "kamera-cli-copy-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A checkout with one source, its compiled copy, and the pointer to it. */
async function checkout(source = "export const x = 1;\n"): Promise<void> {
  await mkdir(join(root, "src"), { recursive: true });
  await writeFile(join(root, "src", "a.ts"), source);
  const dir = join(root, "build", "threads", "copy");
  await mkdir(dir, { recursive: true });
  for (const m of ["main.js", "registry.js", "examples.js"]) await writeFile(join(dir, m), "");
  const modules = { main: "build/threads/copy/main.js", registry: "build/threads/copy/registry.js", examples: "build/threads/copy/examples.js" };
  await writeFile(join(root, "build", "threads", "cli.json"), JSON.stringify({ modules, inputs: { "src/a.ts": sha(source) } }));
}

describe("the CLI's compiled copy (bin/kamera.js in a clone)", () => {
  test("is used while every source it was compiled from has the content it had", async () => {
    await checkout();
    expect(freshCompiledCli(root)).toEqual({
      main: pathToFileURL(join(root, "build/threads/copy/main.js")).href,
      registry: pathToFileURL(join(root, "build/threads/copy/registry.js")).href,
      examples: pathToFileURL(join(root, "build/threads/copy/examples.js")).href,
    });
  });

  test("is not used once a source changed, or was deleted", async () => {
    await checkout();
    await writeFile(join(root, "src", "a.ts"), "export const x = 2;\n");
    expect(freshCompiledCli(root)).toBeUndefined();
    await rm(join(root, "src", "a.ts"));
    expect(freshCompiledCli(root)).toBeUndefined();
  });

  test("is not used when one of its modules is gone (another checkout's clean-up)", async () => {
    await checkout();
    await rm(join(root, "build/threads/copy/registry.js"));
    expect(freshCompiledCli(root)).toBeUndefined();
  });

  test("a missing, truncated or foreign pointer file means no copy, not a crash", async () => {
    expect(freshCompiledCli(root)).toBeUndefined();
    await checkout();
    await writeFile(join(root, "build", "threads", "cli.json"), '{"modules": {"main": "build/thr');
    expect(freshCompiledCli(root)).toBeUndefined();
    await writeFile(join(root, "build", "threads", "cli.json"), "null");
    expect(freshCompiledCli(root)).toBeUndefined();
    await writeFile(join(root, "build", "threads", "cli.json"), JSON.stringify({ modules: { main: 1 }, inputs: {} }));
    expect(freshCompiledCli(root)).toBeUndefined();
  });

  test("the pointer written for a copy in a checkout whose path has a space leads back to that copy", async () => {
    const spaced = join(root, "my checkout");
    await mkdir(join(spaced, "src", "cli"), { recursive: true });
    await mkdir(join(spaced, "examples"), { recursive: true });
    const sources = { "src/cli/main.ts": "main\n", "src/scenarioRegistry.ts": "registry\n", "examples/index.ts": "examples\n" };
    const dir = join(spaced, "build", "threads", "copy 1");
    const outputs: Record<string, string> = {};
    for (const [file, text] of Object.entries(sources)) {
      await mkdir(join(spaced, file, ".."), { recursive: true });
      await writeFile(join(spaced, file), text);
      const out = join(dir, file.replace(/\.ts$/, ".js"));
      await mkdir(join(out, ".."), { recursive: true });
      await writeFile(out, "");
      outputs[pathToFileURL(join(spaced, file)).href] = pathToFileURL(out).href;
    }
    const inputs = Object.fromEntries(Object.entries(sources).map(([file, text]) => [file, sha(text)]));
    const copy = { moduleUrl: (url: string) => outputs[url] ?? url, inputs };
    const expected = {
      main: pathToFileURL(join(dir, "src/cli/main.js")).href,
      registry: pathToFileURL(join(dir, "src/scenarioRegistry.js")).href,
      examples: pathToFileURL(join(dir, "examples/index.js")).href,
    };
    expect(notePointer(spaced, copy)).toEqual(expected);
    expect(freshCompiledCli(spaced)).toEqual(expected);
  });

  test("a command naming an existing scenario module, exporting tests, or serving as a NATS worker runs from the sources; a bundled example's name, a dump or a flag value does not", async () => {
    await checkout();
    expect(needsSources(["explore", "src/a.ts"], root)).toBe(true);
    expect(needsSources(["strategies", "knative-serving", join(root, "src", "a.ts")], root)).toBe(true);
    expect(needsSources(["explore", "trivial", "--export-tests", "out"], root)).toBe(true);
    expect(needsSources(["explore", "trivial", "--export-tests=out"], root)).toBe(true);
    expect(needsSources(["worker", "--nats", "nats://127.0.0.1:4222"], root)).toBe(true);
    expect(needsSources(["explore", "knative-serving", "--no-interactive"], root)).toBe(false);
    expect(needsSources(["explore", "src/missing.ts"], root)).toBe(false);
    expect(needsSources(["inspect", "dump.json"], root)).toBe(false);
    expect(needsSources(["--version"], root)).toBe(false);
  });
});
