import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonSummary } from "../../src/cli/jsonSummary.ts";
import { runCli } from "../../src/cli/runCli.ts";
import { bundledScenarios } from "../../examples/index.ts";
import { capturedIO } from "./capturedIO.ts";

const cwd = process.cwd();

async function kamera(...argv: string[]) {
  const io = capturedIO();
  const code = await runCli(argv, io, cwd);
  return { code, out: io.out(), err: io.err() };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("kamera --help", () => {
  it("lists the commands and exits 0", async () => {
    const r = await kamera("--help");
    expect(r.code).toBe(0);
    for (const cmd of ["explore", "inspect", "examples", "serve"]) expect(r.out).toMatch(new RegExp(`^  ${cmd}\\b`, "m"));
  });

  it("documents every shared flag on explore, and the display flags on inspect", async () => {
    const explore = await kamera("explore", "--help");
    expect(explore.code).toBe(0);
    for (const flag of ["--interactive", "--no-interactive", "--dump-output <file>", "--max-depth <n>", "--strategy <name>", "--seed <n>", "--timeout <s>", "--max-states <n>", "--web", "--json", "--progress"]) {
      expect(explore.out).toContain(flag);
    }
    const inspect = await kamera("inspect", "--help");
    expect(inspect.out).toContain("--dump <file>");
    expect(inspect.out).toContain("--no-interactive");
    expect(inspect.out).not.toContain("--max-depth");
    expect((await kamera("examples", "--help")).code).toBe(0);
  });

  it("prints the help on stderr and exits 2 when no command is given", async () => {
    const r = await kamera();
    expect(r.code).toBe(2);
    expect(r.err).toContain("Usage: kamera");
  });
});

describe("kamera examples", () => {
  it("lists every bundled scenario with its description", async () => {
    const r = await kamera("examples");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    for (const s of bundledScenarios) expect(lines.some((l) => l.startsWith(s.name + " ") && l.endsWith(s.description))).toBe(true);
  });

  it("lists them as JSON with --json", async () => {
    const r = await kamera("examples", "--json");
    expect(JSON.parse(r.out)).toEqual(bundledScenarios.map((s) => ({ name: s.name, description: s.description })));
  });
});

describe("usage errors exit 2 with a hint and no stack trace", () => {
  const cases: [string, string[], RegExp][] = [
    ["a negative max depth", ["explore", "trivial", "--max-depth", "-3"], /--max-depth <n>.*'-3' is invalid/],
    ["an unknown strategy", ["explore", "trivial", "--strategy", "foo"], /Allowed choices are dfs, bfs, random/],
    ["an unknown flag", ["explore", "trivial", "--bogus"], /unknown option '--bogus'/],
    ["a missing argument", ["explore"], /missing required argument/],
    ["an unknown command", ["explroe", "trivial"], /unknown command 'explroe'/],
    ["an unknown example", ["explore", "no-such-example"], /"no-such-example" is neither a bundled example \(trivial, /],
    ["a missing module file", ["explore", "./missing/scenario.ts"], /^error: \.\/missing\/scenario\.ts: no such file\n/],
    ["a directory as the module", ["explore", "test/cli"], /^error: test\/cli: is a directory; give a module exporting a Scenario\n/],
    ["a module without a Scenario", ["explore", "test/cli/fixtures/notAScenario.ts"], /exports no Scenario/],
    ["--json with --interactive", ["explore", "trivial", "--json", "--interactive"], /cannot be combined/],
    ["--web with --json", ["explore", "trivial", "--web", "--json"], /--web and --json cannot be combined/],
    ["inspect without a dump file", ["inspect"], /missing the dump file to open: kamera inspect <dump-file>/],
    ["inspect with two different dump files", ["inspect", "a.json", "--dump", "b.json"], /two dump files given \(a\.json and --dump b\.json\)/],
    ["--port without --web", ["explore", "trivial", "--port", "8080", "--no-interactive"], /--port 8080 needs --web/],
    ["--max-restarts without --staleness", ["explore", "trivial", "--no-interactive", "--max-restarts", "2"], /--max-restarts needs --staleness/],
    ["--staleness naming no reconciler", ["explore", "trivial", "--no-interactive", "--staleness", "Nope:core/Pod=1"], /no reconciler "Nope"; registered: FooController, BarController/],
    [
      "--staleness naming a kind the scenario does not know, suggesting the near miss",
      ["explore", "zookeeper", "--no-interactive", "--staleness", "ZookeeperReconciler:zookeeper.pravega.io/ZookeeperClusters=4"],
      /the scenario has no kind "zookeeper\.pravega\.io\/ZookeeperClusters"; did you mean "zookeeper\.pravega\.io\/ZookeeperCluster"\? \(its kinds: core\/PersistentVolumeClaim, zookeeper\.pravega\.io\/ZookeeperCluster\)/,
    ],
    ["--staleness naming a kind no reconciler or object of the scenario has", ["explore", "trivial", "--no-interactive", "--staleness", "FooController:core/Secret=1"], /the scenario has no kind "core\/Secret" \(its kinds: /],
    ["--from of a missing file", ["explore", "trivial", "--no-interactive", "--from", "nowhere.yaml"], /^error: --from nowhere\.yaml: no such file\n/],
    ["--from of a directory", ["explore", "trivial", "--no-interactive", "--from", "test"], /^error: --from test: is a directory; give a manifest or a dump file\n/],
    ["--from-trace of a missing file", ["explore", "trivial", "--no-interactive", "--from-trace", "nowhere.jsonl"], /^error: --from-trace nowhere\.jsonl: no such file\n/],
    ["--from-trace of a directory", ["explore", "trivial", "--no-interactive", "--from-trace", "test"], /^error: --from-trace test: is a directory; give a trace file\n/],
    ["inspect of a missing dump", ["inspect", "--dump", "nowhere.json"], /^error: --dump nowhere\.json: no such file\n/],
    ["inspect of a directory", ["inspect", "test"], /^error: test: is a directory; give a dump file \(written by --dump-output or an inspector's save key\)\n/],
    ["serve of a missing dump", ["serve", "missing.dump.json"], /^error: missing\.dump\.json: no such file\n/],
    ["serve of a directory", ["serve", "test"], /^error: test: is a directory; give a dump or trace file, or a module exporting a Scenario\n/],
    ["a directory as replay's schedule", ["replay", "trivial", "--schedule", "test"], /^error: --schedule test: is a directory; give a schedule file\n/],
    ["serve on a bad port", ["serve", "trivial", "--port", "http"], /Expected a TCP port/],
  ];
  for (const [what, argv, message] of cases) {
    it(`rejects ${what}`, async () => {
      const r = await kamera(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toMatch(/\(run 'kamera( \w+)? --help' for usage\)|Did you mean/);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.out).toBe("");
    });
  }

  it("says a directory named like a dump or a trace is a directory, not a missing file", async () => {
    for (const [name, expected] of [["results.dump.json", "a kamera dump file"], ["events.jsonl", "a kamera trace file"]]) {
      const folder = join(dir, name!);
      await mkdir(folder);
      const r = await kamera("serve", folder);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`error: ${folder}: is a directory; give ${expected}\n(run 'kamera serve --help' for usage)\n`);
    }
  });

  it("rejects a dump target in a missing directory before exploring", async () => {
    const r = await kamera("explore", "trivial", "--no-interactive", "--dump-output", join(dir, "missing", "x.json"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--dump-output .*does not exist/);
  });
});

describe("kamera explore", () => {
  it("prints a plain summary without a terminal", async () => {
    const r = await kamera("explore", "trivial");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Exploration of trivial: complete\n/);
    expect(r.out).toMatch(/^Converged states: 1\n  [0-9a-f]{16}  \d+ paths?, \d+ unique paths?\n/m);
    expect(r.out).toContain("Violations: 0");
  });

  it("prints a JSON summary with --json", async () => {
    const r = await kamera("explore", "trivial", "--json");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as JsonSummary;
    expect(s).toMatchObject({ format: "kamera-summary", version: 1, complete: true, scenario: { name: "trivial" } });
    expect(s.converged).toHaveLength(1);
    expect(s.converged[0]!.uniquePaths).toContain("FooController@1,BarController@1");
    expect(typeof s.converged[0]!.pathCount).toBe("string");
  });

  it("applies the search flags: a max depth of 1 leaves states aborted at max depth", async () => {
    const r = await kamera("explore", "trivial", "--json", "--max-depth", "1");
    const s = JSON.parse(r.out) as JsonSummary;
    expect(s.converged).toHaveLength(0);
    expect(s.aborted.length).toBeGreaterThan(0);
    expect(s.aborted.every((a) => a.reason === "max-depth")).toBe(true);
  });

  it("stops at --max-states with a partial result", async () => {
    const r = await kamera("explore", "test/cli/fixtures/wideScenario.ts", "--json", "--max-states", "50");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as JsonSummary;
    expect(s).toMatchObject({ complete: false, stopReason: "maxStates", scenario: { name: "wide" } });
  });

  it("explores a scenario module given by path", async () => {
    const r = await kamera("explore", "./examples/mode-flip/scenario.ts", "--json");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as JsonSummary).converged).toHaveLength(2);
  });

  it("shows the progress line on stderr with --progress", async () => {
    const r = await kamera("explore", "trivial", "--no-interactive", "--progress");
    expect(r.err).toMatch(/^done: \d+ states {2}[\d,]+\/s {2}frontier 0 {2}depth \d+ {2}converged \d+ {2}aborted 0$/m);
  });
});

describe("dumps", () => {
  it("reopens a dump written by --dump-output with the same states, path counts and paths", async () => {
    const file = join(dir, "trivial.dump.json");
    const first = await kamera("explore", "trivial", "--json", "--dump-output", file);
    expect(first.code).toBe(0);
    expect(first.err).toContain(`Dump written to ${file}`);
    const again = await kamera("inspect", "--dump", file, "--json");
    expect(again.code).toBe(0);
    const a = JSON.parse(first.out) as JsonSummary;
    const b = JSON.parse(again.out) as JsonSummary;
    expect(b.scenario).toEqual(a.scenario);
    for (const key of ["converged", "aborted", "nonConverging", "violations"] as const) expect(b[key]).toEqual(a[key]);
    const plain = await kamera("inspect", "--dump", file, "--no-interactive");
    expect(plain.out).toMatch(/^Exploration of trivial: complete\n/);
  });

  it("records the scenario and the search options in the dump", async () => {
    const file = join(dir, "bfs.dump.json");
    await kamera("explore", "trivial", "--no-interactive", "--strategy", "bfs", "--max-depth", "9", "--reduce-noops", "--path-cap", "7", "--dump-output", file);
    const doc = JSON.parse(await readFile(file, "utf8")) as { scenario: unknown };
    expect(doc.scenario).toMatchObject({ name: "trivial", options: { strategy: "bfs", maxDepth: 9, reduceNoOps: true, pathCap: 7 } });
  });

  it("takes a negative --seed, as the seed explore option does, and records it in the dump", async () => {
    for (const argv of [["--seed", "-5"], ["--seed=-5"]]) {
      const file = join(dir, "negative-seed.dump.json");
      const r = await kamera("explore", "trivial", "--no-interactive", "--strategy", "random", ...argv, "--dump-output", file);
      expect(r.code).toBe(0);
      const doc = JSON.parse(await readFile(file, "utf8")) as { scenario: unknown };
      expect(doc.scenario).toMatchObject({ options: { strategy: "random", seed: -5 } });
    }
  });

  it("opens a dump given positionally, as kamera serve takes it", async () => {
    const file = join(dir, "positional.dump.json");
    await kamera("explore", "trivial", "--no-interactive", "--dump-output", file);
    const r = await kamera("inspect", file, "--no-interactive");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Exploration of trivial: complete\n/);
  });

  it("applies --staleness and --max-restarts to the named reconciler, over what the scenario set", async () => {
    const states = async (...flags: string[]) => {
      const r = await kamera("explore", "zookeeper", "--no-interactive", "--json", ...flags);
      expect(r.code).toBe(0);
      return (JSON.parse(r.out) as JsonSummary).stats.uniqueStates;
    };
    const zk = "ZookeeperReconciler:zookeeper.pravega.io/ZookeeperCluster";
    // The scenario's own lookback is 4; a shorter one, or no restarts, reaches fewer states.
    expect(await states(`--staleness`, `${zk}=4`)).toBe(await states());
    expect(await states(`--staleness`, `${zk}=1`)).toBeLessThan(await states());
    expect(await states(`--staleness`, `${zk}=4`, "--max-restarts", "0")).toBeLessThan(await states());
  });

  it("reports a corrupt dump as an error with exit status 1, without a stack trace", async () => {
    const file = join(dir, "corrupt.dump.json");
    await writeFile(file, '{"format":"kamera-dump","version":1,"states":[');
    const r = await kamera("inspect", "--dump", file, "--no-interactive");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: .*corrupt\.dump\.json/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
