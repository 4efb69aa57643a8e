import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonSummary } from "../../src/cli/jsonSummary.ts";

const root = resolve(import.meta.dirname, "../..");

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs `bin/kamera.js` (of `base`) as a real process with pipes for stdio, so it sees no terminal.
 * `onStderr` may act on the child while it runs (e.g. press Ctrl-C once progress shows).
 */
function kamera(argv: string[], opts: { base?: string; nodeArgs?: string[]; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Finished> {
  const base = opts.base ?? root;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), join(base, "bin", "kamera.js"), ...argv], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString("utf8");
      opts.onStderr?.(err, child);
    });
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, out, err }));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-bin-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the kamera executable", () => {
  it("lists the bundled examples", async () => {
    const r = await kamera(["examples"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^trivial {2,}two instances/m);
    expect(r.out).toMatch(/^mode-flip {2,}/m);
  });

  it("prints a parseable JSON summary on stdout and nothing on stderr with --no-interactive --json", async () => {
    const r = await kamera(["explore", "trivial", "--no-interactive", "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as JsonSummary;
    expect(s).toMatchObject({ format: "kamera-summary", complete: true, scenario: { name: "trivial" } });
    expect(s.converged).toHaveLength(1);
    expect(s.converged[0]!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(s.converged[0]!.uniquePaths!.length).toBeGreaterThan(0);
    expect(s.stats.uniqueStates).toBeGreaterThan(1);
  });

  it("explores with --workers under Node options that act on the whole process (a V8 heap limit, single-threaded GC), which Node refuses in a thread's own options", async () => {
    const args = ["explore", "mode-flip", "--no-interactive", "--json", "--reduction", "none"];
    const one = await kamera(args);
    const two = await kamera([...args, "--workers", "2"], { nodeArgs: ["--max-old-space-size=4096", "--single-threaded-gc"] });
    expect(two.err).not.toMatch(/ERR_WORKER_INVALID_EXEC_ARGV|invalid execArgv/);
    expect(two.code).toBe(0);
    const states = (r: Finished) => (JSON.parse(r.out) as JsonSummary).stats.uniqueStates;
    expect(states(two)).toBe(states(one));
  }, 60_000);

  it("reports a syntax error in a scenario module once, as file:line:column, without a stack", async () => {
    await mkdir(join(dir, "esm"), { recursive: true });
    await writeFile(join(dir, "esm", "package.json"), JSON.stringify({ type: "module" }));
    const file = join(dir, "esm", "syntaxError.ts");
    await writeFile(file, 'export default { name: "bad", description: "", build() { return 1 +; } };\n');
    const r = await kamera(["explore", file, "--no-interactive"]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^error: could not load .*syntaxError\.ts: syntax error: .*syntaxError\.ts:1:\d+: Unexpected ";"\n$/);
  });

  it("asks for \"type\": \"module\" when a TypeScript scenario would be CommonJS, instead of loading kamera twice", async () => {
    await mkdir(join(dir, "cjs"), { recursive: true });
    await writeFile(join(dir, "cjs", "package.json"), JSON.stringify({ name: "operator", type: "commonjs" }));
    const file = join(dir, "cjs", "scenario.ts");
    await writeFile(file, 'export { scenario as default } from "' + join(root, "examples", "trivial", "scenario.ts") + '";\n');
    const r = await kamera(["explore", file, "--no-interactive"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: could not load .*scenario\.ts: it is a CommonJS module to Node \(the nearest package\.json does not say "type": "module"\).*`npm pkg set type=module`.*\n$/);
    // The fix the message names works.
    await writeFile(join(dir, "cjs", "package.json"), JSON.stringify({ name: "operator", type: "module" }));
    const fixed = await kamera(["explore", file, "--no-interactive"]);
    expect(fixed.code).toBe(0);
    expect(fixed.out).toMatch(/^Exploration of trivial: complete/);
  });

  it("exits 2 with a usage hint and no stack trace on a bad flag value", async () => {
    const r = await kamera(["explore", "trivial", "--max-depth", "-3"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("error: option '--max-depth <n>' argument '-3' is invalid");
    expect(r.err).toContain("(run 'kamera explore --help' for usage)");
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("writes a dump with --dump-output that kamera inspect --dump reads back", async () => {
    const file = join(dir, "mode-flip.dump.json");
    const first = await kamera(["explore", "mode-flip", "--no-interactive", "--dump-output", file]);
    expect(first.code).toBe(0);
    const again = await kamera(["inspect", "--dump", file, "--no-interactive"]);
    expect(again.code).toBe(0);
    // Everything but the timing line must match: same states, path counts and unique paths.
    const withoutTiming = (text: string) => text.split("\n").filter((l) => !/ ms, /.test(l)).join("\n");
    expect(withoutTiming(again.out)).toBe(withoutTiming(first.out));
    expect(again.out).toMatch(/^Exploration of mode-flip: complete\n/);
  });

  it("stops on Ctrl-C, prints the partial result and exits 130", async () => {
    let sent = false;
    // The full graph: the reduction would explore the wide scenario too quickly to interrupt.
    const r = await kamera(["explore", "test/cli/fixtures/wideScenario.ts", "--no-interactive", "--progress", "--reduction", "none"], {
      onStderr: (text, child) => {
        // Interrupt once the search is visibly under way.
        if (!sent && /exploring: [\d,]+ states/.test(text)) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.err).toContain("Interrupted: stopping the search");
    expect(r.err).toMatch(/stopped \(signal\): [\d,]+ states/);
    expect(r.out).toMatch(/^Exploration of wide: interrupted: partial results\n/);
    expect(r.out).toMatch(/^Aborted states: [1-9]/m);
  });
});

/** Runs a script that ends in `new Runner(eb).run(initial)`, as its author would (`node --import tsx`). */
function runnerScript(argv: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "test/cli/fixtures/runnerScript.ts"), ...argv], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, out, err }));
  });
}

describe("exit status in CI", () => {
  it("exits 0 when every interleaving converges without violations", async () => {
    const r = await kamera(["explore", "trivial", "--no-interactive"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
  });

  it("exits 3 on a livelock, saying on stderr what failed the run", async () => {
    const r = await kamera(["explore", "livelock", "--no-interactive"]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^Failed: found \d+ livelocks? \(exit status 3\)\n$/);
  });

  it("exits 3 on an invariant violation, with --json too", async () => {
    const r = await kamera(["explore", "duplicate-invariant", "--no-interactive", "--json"]);
    expect(r.code).toBe(3);
    expect((JSON.parse(r.out) as JsonSummary).violations.length).toBeGreaterThan(0);
    expect(r.err).toMatch(/Failed: found \d+ violations?/);
  });

  it("exits 3 on a failing reconciler, printing its error and the line that threw", async () => {
    const r = await kamera(["explore", "test/cli/fixtures/failingScenario.ts", "--no-interactive"]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/Boom default\/x keeps failing: Error: cannot reach the database\n {4}at test\/cli\/fixtures\/failingScenario\.ts:11:\d+\n/);
    expect(r.out).toContain("Non-converging states (livelocks): 0");
    expect(r.err).toContain("Failed: found 1 failing reconciler (exit status 3)");
  });

  it("exits 3 on an outcome named by --fail-on, and 0 without it", async () => {
    const without = await kamera(["explore", "trivial", "--no-interactive", "--max-depth", "1"]);
    expect(without.code).toBe(0);
    const r = await kamera(["explore", "trivial", "--no-interactive", "--max-depth", "1", "--fail-on", "max-depth,nondeterministic"]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/Failed: found \d+ states? cut off at max depth/);
  });

  it("exits 2 on an unknown --fail-on outcome, listing the known ones", async () => {
    const r = await kamera(["explore", "trivial", "--no-interactive", "--fail-on", "livelocks"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown: livelocks");
    expect(r.err).toContain("violation, livelock, keeps-failing");
  });

  it("documents the exit statuses and the path notation in --help", async () => {
    const r = await kamera(["explore", "--help"]);
    expect(r.out).toContain("Exit status:");
    expect(r.out).toMatch(/^ {2}3 {4}the run failed: invariant violations, livelocks or failing reconcilers/m);
    expect(r.out).toContain("Reconciler@<n>");
    expect(r.out).toMatch(/!\s+the reconcile failed/);
  });

  it("gives a Runner script the same exit status as kamera explore", async () => {
    const failing = await runnerScript(["--no-interactive"]);
    expect(failing.code).toBe(3);
    expect(failing.out).toContain("keeps failing: Error: cannot reach the database");
    const passing = await runnerScript(["--no-interactive"], { KAMERA_FIXTURE: "trivial" });
    expect(passing.code).toBe(0);
  });

  it("makes a bad flag in a Runner script a usage message with exit status 2, not a stack trace", async () => {
    const r = await runnerScript(["--max-dept", "3"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: unknown option '--max-dept'/);
    expect(r.err).toContain("--help' for usage)");
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe("");
  });
});

describe("the launcher on a checkout without a built core", () => {
  /** A copy of the launcher next to the real sources, with a stand-in for the Wasm build. */
  async function checkout(name: string, buildScript: string): Promise<string> {
    const base = join(dir, name);
    await mkdir(join(base, "bin"), { recursive: true });
    await mkdir(join(base, "scripts"), { recursive: true });
    await mkdir(join(base, "assembly"), { recursive: true });
    await copyFile(join(root, "bin", "kamera.js"), join(base, "bin", "kamera.js"));
    for (const script of ["buildWasmIfStale.mjs", "compiledCli.mjs"]) await copyFile(join(root, "scripts", script), join(base, "scripts", script));
    await copyFile(join(root, "tsconfig.json"), join(base, "tsconfig.json"));
    await writeFile(join(base, "assembly", "index.ts"), "// the core's sources\n");
    for (const linked of ["src", "examples", "node_modules"]) await symlink(join(root, linked), join(base, linked), "dir");
    await writeFile(join(base, "package.json"), JSON.stringify({ name: "kamera", type: "module", scripts: { "build:wasm": buildScript } }));
    return base;
  }

  it("builds the core first, keeping stdout for the command's own output", async () => {
    const base = await checkout("fresh", `node -e "require('fs').mkdirSync('build',{recursive:true});require('fs').writeFileSync('build/kamera-core.wasm','');console.log('built')"`);
    const r = await kamera(["examples"], { base });
    expect(r.code).toBe(0);
    expect(r.err).toContain("building the WebAssembly core");
    expect(r.err).toContain("built");
    expect(r.out).toMatch(/^trivial /);
    expect((await stat(join(base, "build", "kamera-core.wasm"))).isFile()).toBe(true);
  });

  it("rebuilds the core only when assembly/ is newer than the build", async () => {
    const writeBoth = ["kamera-core.wasm", "kamera-core.debug.wasm"].map((f) => `require('fs').writeFileSync('build/${f}','')`).join(";");
    const base = await checkout("stale", `node -e "require('fs').mkdirSync('build',{recursive:true});${writeBoth};console.log('built')"`);
    expect((await kamera(["examples"], { base })).err).toContain("building the WebAssembly core (not built yet)");
    const again = await kamera(["examples"], { base });
    expect(again.code).toBe(0);
    expect(again.err).toBe("");
    // An edit to the core's sources: set their time explicitly past the build's, not by waiting.
    const later = new Date(Date.now() + 60_000);
    await utimes(join(base, "assembly", "index.ts"), later, later);
    const edited = await kamera(["examples"], { base });
    expect(edited.err).toContain("building the WebAssembly core (assembly changed since the last build)");
    expect(edited.code).toBe(0);
  });

  it("exits 1 with a clear message when the build fails", async () => {
    const base = await checkout("broken", "exit 3");
    const r = await kamera(["examples"], { base });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/building the WebAssembly core failed \(exit status 3\); run `npm run build:wasm` in .*broken for details/);
    expect(r.out).toBe("");
  });
});
