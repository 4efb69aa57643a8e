import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The package as a user gets it: `npm pack` (which builds dist/ through `prepack`), then the
 * tarball installed into an empty project with nothing but Node and npm, and used there from a
 * plain .mjs file, from TypeScript type-checked with `tsc --init`'s defaults, and through `npx kamera`.
 *
 * The install is offline: the project gets a lockfile naming the repository's own locked versions
 * of kamera's dependencies (and of typescript), so `npm ci --offline` takes every tarball from the
 * npm cache that installing this repository filled. It needs no registry, and it tests the
 * versions the rest of the suite tested. Packing and installing take a minute or more, so the
 * steps have generous time limits and nothing here depends on how fast they are.
 */

const root = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const SLOW = 600_000;

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  [field: string]: unknown;
}
interface PackageJson {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
}

/** Runs a command in `cwd`, failing with its output (not just its exit status) when it fails. */
async function sh(cwd: string, file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false" } });
  } catch (e) {
    const x = e as { message: string; stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(" ")} failed in ${cwd}: ${x.message}\n${x.stdout ?? ""}\n${x.stderr ?? ""}`);
  }
}

/**
 * A lockfile for a project depending on the tarball and on typescript: the repository's lockfile
 * entries for everything but its development-only packages (same versions, same layout), plus
 * kamera itself from the tarball.
 */
function projectLock(pkg: PackageJson, tarball: string, repoLock: { packages: Record<string, LockEntry> }): object {
  const wanted = { kamera: `file:${tarball}`, typescript: pkg.devDependencies.typescript! };
  const packages: Record<string, LockEntry> = {
    "": { name: "kamera-user", dependencies: wanted },
    "node_modules/kamera": {
      version: pkg.version,
      resolved: `file:${tarball}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
      ...(pkg.peerDependencies ? { peerDependencies: pkg.peerDependencies, peerDependenciesMeta: pkg.peerDependenciesMeta } : {}),
    },
  };
  for (const [path, entry] of Object.entries(repoLock.packages)) {
    if (path === "") continue;
    if (path === "node_modules/typescript") {
      const { dev: _dev, devOptional: _devOptional, ...rest } = entry;
      packages[path] = rest;
    } else if (!entry.dev && !entry.devOptional) {
      packages[path] = entry;
    }
  }
  return { name: "kamera-user", lockfileVersion: 3, requires: true, packages };
}

/** The quick start's reconciler as a Scenario module, written the way a user would in TypeScript. */
const SCENARIO_TS = `import { ExplorerBuilder, isNotFound, type Client, type KubeObject, type Reconciler, type Request, type Scenario } from "kamera";

interface Foo extends KubeObject {
  spec: { mode: string };
  status?: { state?: string };
}
const NEXT: Record<string, string> = { "": "A-1", "A-1": "A-Final" };

class FooReconciler implements Reconciler {
  constructor(private readonly client: Client) {}
  async reconcile(req: Request): Promise<void> {
    let foo: Foo;
    try {
      foo = await this.client.get<Foo>({ apiVersion: "webapp.discrete.events/v1", kind: "Foo", ...req });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const next = NEXT[foo.status?.state ?? ""];
    if (next) await this.client.updateStatus({ ...foo, status: { state: next } });
  }
}

const scenario: Scenario = {
  name: "two-foo-controllers",
  description: "two controllers race to move a Foo to A-Final",
  build() {
    const builder = new ExplorerBuilder();
    builder.withReconciler("FooController", (client) => new FooReconciler(client)).for("webapp.discrete.events/Foo");
    builder.withReconciler("BarController", (client) => new FooReconciler(client)).for("webapp.discrete.events/Foo");
    const foo = { apiVersion: "webapp.discrete.events/v1", kind: "Foo", metadata: { name: "foo", namespace: "default" }, spec: { mode: "A" }, status: { state: "" } };
    const initial = builder.initialState().addTopLevelObject(foo, "FooController", "BarController").build();
    return { builder, initial };
  },
};
export default scenario;
`;

/** A plain ES module: the public API and the browser entry, no TypeScript anywhere. */
const CHECK_MJS = `import { ExplorerBuilder, KameraError, pathSignature } from "kamera";
import * as browser from "kamera/browser";

const eb = new ExplorerBuilder();
eb.withReconciler("Mover", (client) => ({
  async reconcile(req) {
    const cm = await client.get({ apiVersion: "v1", kind: "ConfigMap", ...req });
    if (cm.data.step !== "done") await client.update({ ...cm, data: { step: "done" } });
  },
})).for("core/ConfigMap");
const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" }, data: { step: "start" } };
const result = await eb.build().explore(eb.initialState().addTopLevelObject(cm, "Mover").build());
console.log(JSON.stringify({
  complete: result.complete,
  converged: result.convergedStates.map((s) => s.paths.map(pathSignature)),
  kameraError: typeof KameraError,
  sameClassInBrowserEntry: browser.ExplorerBuilder === ExplorerBuilder,
}));
`;

let work: string;
let project: string;
let packed: string[];
let pkg: PackageJson;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "kamera-packed-"));
  pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as PackageJson;
  const { stdout } = await sh(root, npm, ["pack", "--json", "--pack-destination", work]);
  const [report] = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  packed = report!.files.map((f) => f.path);
  project = join(work, "project");
  await sh(work, "mkdir", [project]);
  const tarball = join(work, report!.filename);
  const repoLock = JSON.parse(await readFile(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const lock = projectLock(pkg, tarball, repoLock) as { packages: Record<string, LockEntry> };
  // "type": "module" as README's set-up says: kamera is an ES module package, and so are scenarios.
  const manifest = { name: "kamera-user", private: true, type: "module", dependencies: lock.packages[""]!.dependencies };
  await writeFile(join(project, "package.json"), JSON.stringify(manifest, null, 2));
  await writeFile(join(project, "package-lock.json"), JSON.stringify(lock, null, 2));
  await sh(project, npm, ["ci", "--offline", "--no-audit", "--no-fund"]);
}, SLOW);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("ships compiled JavaScript, declarations, the Wasm core and the browser inspector, and no sources or tests", () => {
    expect(packed).toContain("bin/kamera.js");
    expect(packed).toContain("dist/src/index.js");
    expect(packed).toContain("dist/src/index.d.ts");
    expect(packed).toContain("dist/src/browser.js");
    expect(packed).toContain("dist/build/kamera-core.wasm");
    expect(packed).toContain("dist/build/kamera-core.debug.wasm");
    expect(packed).toContain("dist/build/web/index.html");
    const unwanted = packed.filter((f) => /\.test\.|^test\/|^src\/|^assembly\/|^bench\/|(?<!\.d)\.tsx?$/.test(f));
    expect(unwanted).toEqual([]);
  });

  it("has a file behind every export (kamera/vitest once its module exists)", () => {
    const installed = join(project, "node_modules", "kamera");
    for (const [entry, target] of Object.entries(pkg.exports)) {
      // The vitest matchers' module (src/vitest.ts) is optional until it exists in the repository.
      if (entry === "./vitest" && !existsSync(join(root, "src", "vitest.ts"))) continue;
      const files = typeof target === "string" ? [target] : Object.values(target);
      for (const file of files) expect(existsSync(join(installed, file)), `${entry} → ${file}`).toBe(true);
    }
  });

  it("installs with no development tools: no AssemblyScript compiler, no Vite, no vitest", async () => {
    const modules = await readdir(join(project, "node_modules"));
    expect(modules).toContain("kamera");
    expect(modules).not.toContain("assemblyscript");
    expect(modules).not.toContain("vite");
    expect(modules).not.toContain("vitest");
  });
});

describe("a project with kamera installed from the tarball", () => {
  it("imports kamera and kamera/browser from a plain .mjs file and explores", async () => {
    await writeFile(join(project, "check.mjs"), CHECK_MJS);
    const { stdout } = await sh(project, process.execPath, ["check.mjs"]);
    expect(JSON.parse(stdout)).toEqual({ complete: true, converged: [["Mover@1"]], kameraError: "function", sameClassInBrowserEntry: true });
  }, SLOW);

  it("type-checks a TypeScript scenario against kamera's declarations with tsc --init's defaults", async () => {
    await sh(project, join(project, "node_modules", ".bin", "tsc"), ["--init"]);
    await writeFile(join(project, "scenario.ts"), SCENARIO_TS);
    await sh(project, join(project, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "tsconfig.json"]);
    // And the check has teeth: a wrong kind of argument is a type error in the same setup.
    await writeFile(join(project, "wrong.ts"), `import { ExplorerBuilder } from "kamera";\nnew ExplorerBuilder().withReconciler("X", 42);\n`);
    await expect(sh(project, join(project, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "tsconfig.json"])).rejects.toThrow(/wrong\.ts.*error TS/);
    await rm(join(project, "wrong.ts"));
  }, SLOW);

  it("runs `npx kamera explore trivial --no-interactive` from the compiled package", async () => {
    const { stdout } = await sh(project, npm, ["exec", "--offline", "--no", "--", "kamera", "explore", "trivial", "--no-interactive"]);
    expect(stdout).toMatch(/^Exploration of trivial: complete/);
    expect(stdout).toMatch(/Converged states: 1/);
  }, SLOW);

  it("runs the user's own TypeScript scenario through `npx kamera explore scenario.ts`", async () => {
    await writeFile(join(project, "scenario.ts"), SCENARIO_TS);
    const { stdout } = await sh(project, npm, ["exec", "--offline", "--no", "--", "kamera", "explore", "scenario.ts", "--no-interactive", "--json"]);
    const summary = JSON.parse(stdout) as { complete: boolean; scenario: { name: string }; converged: unknown[] };
    expect(summary).toMatchObject({ complete: true, scenario: { name: "two-foo-controllers" } });
    expect(summary.converged).toHaveLength(1);
  }, SLOW);

  it("reports a syntax error in the user's TypeScript scenario in one line", async () => {
    await writeFile(join(project, "broken.ts"), 'export default { name: "broken", build() { return 1 +; } };\n');
    const failed = await run(process.execPath, [join(project, "node_modules", "kamera", "bin", "kamera.js"), "explore", "broken.ts", "--no-interactive"], { cwd: project }).then(
      () => "exited 0",
      (e: { code?: number; stderr?: string }) => `exit ${e.code}\n${e.stderr ?? ""}`,
    );
    expect(failed).toMatch(/^exit 1\n/);
    const lines = failed.split("\n").filter((line) => line.startsWith("error:") || /^\s+at /.test(line));
    expect(lines).toEqual([expect.stringMatching(/^error: could not load broken\.ts: syntax error: .*broken\.ts:1:\d+: Unexpected ";"$/)]);
  }, SLOW);

  it("serves the prebuilt browser inspector with `kamera serve`, building nothing", async () => {
    const child = spawn(process.execPath, [join(project, "node_modules", "kamera", "bin", "kamera.js"), "serve", "trivial", "--port", "0"], {
      cwd: project,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let output = "";
      const url = await new Promise<string>((found, fail) => {
        const look = (chunk: Buffer) => {
          output += chunk.toString("utf8");
          const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
          if (m) found(m[1]!);
        };
        child.stdout.on("data", look);
        child.stderr.on("data", look);
        child.on("error", fail);
        child.on("close", (code) => fail(new Error(`kamera serve exited (${code}) before serving:\n${output}`)));
      });
      expect(output).not.toMatch(/building/i);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<meta name="kamera-results" content="results/trivial.dump.json"');
      // The server serves only the page's own built assets: the core under its hashed asset name.
      const assets = await readdir(join(project, "node_modules", "kamera", "dist", "build", "web", "assets"));
      const coreAsset = assets.find((f) => /^kamera-core-[\w-]+\.wasm$/.test(f) && !f.includes(".debug"));
      expect(coreAsset).toBeDefined();
      const core = await fetch(new URL(`assets/${coreAsset}`, url));
      expect(core.status).toBe(200);
      expect(new Uint8Array(await core.arrayBuffer()).subarray(0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
    } finally {
      child.kill();
    }
  }, SLOW);
});
