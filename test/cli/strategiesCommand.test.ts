import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../../examples/index.ts";
import { runCli } from "../../src/cli/runCli.ts";
import { capturedIO } from "./capturedIO.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-strategies-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const io = capturedIO();
  const code = await runCli(["strategies", ...argv], io, dir);
  return { code, out: io.out(), err: io.err() };
}

const withoutTime = (runs: { ms?: number; msToBug?: number }[]) => runs.map(({ ms: _ms, msToBug: _msToBug, ...rest }) => rest);

describe("kamera strategies", () => {
  it("prints a table with found k/n and the seeds, using the corpus bug's own counterexample", async () => {
    const { code, out, err } = await cli("job-deleted-pod-uncounted", "--strategies", "dfs,pct", "--seeds", "2", "--budget", "2000r");
    expect(code).toBe(0);
    expect(out).toContain("budget: 2000 reconciles per run; seeds: 1-2");
    expect(out).toMatch(/job-deleted-pod-uncounted\s+dfs\s+1\/1/);
    expect(out).toMatch(/job-deleted-pod-uncounted\s+pct\s+2\/2 .* 1-2\n/);
    expect(err).toContain("job-deleted-pod-uncounted  pct seed 2: bug after");
  });

  it("lists one strategy with several settings side by side, and --reduction applies to every run", async () => {
    const { code, out } = await cli("job-deleted-pod-uncounted", "--strategies", "dfs,pct:depth=1,pct:depth=3,pos:length=20", "--seeds", "2", "--budget", "2000r", "--reduction", "none");
    expect(code).toBe(0);
    expect(out).toContain("reduction: none;");
    for (const s of ["pct:depth=1", "pct:depth=3", "pos:length=20"]) expect(out).toMatch(new RegExp(`job-deleted-pod-uncounted\\s+${s}\\s+\\d/2`));
  });

  it("--json prints the comparison, and --seed reproduces one run of it", async () => {
    const all = JSON.parse((await cli("job-deleted-pod-uncounted", "--strategies", "random-walk", "--seeds", "3", "--budget", "states=300", "--json")).out);
    expect(all.runs.map((r: { seed: number }) => r.seed)).toEqual([1, 2, 3]);
    const one = JSON.parse((await cli("job-deleted-pod-uncounted", "--strategies", "random-walk", "--seed", "2", "--budget", "states=300", "--json")).out);
    expect(withoutTime(one.runs)).toEqual(withoutTime([all.runs[1]]));
  });

  it("--seed takes any integer, 0 and negative ones too, as kamera explore --seed does, and a non-integer is a usage error", async () => {
    for (const [argv, seed] of [[["--seed", "0"], 0], [["--seed", "-1"], -1], [["--seed=-1"], -1]] as const) {
      const { code, out } = await cli("job-deleted-pod-uncounted", "--strategies", "random-walk", ...argv, "--budget", "states=100", "--json");
      expect(code).toBe(0);
      expect(JSON.parse(out).runs.map((r: { seed: number }) => r.seed)).toEqual([seed]);
    }
    const bad = await cli("job-deleted-pod-uncounted", "--seed", "1.5");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("option '--seed <n>' argument '1.5' is invalid. Expected an integer from -9007199254740991 to 9007199254740991.");
  });

  it("--html writes a self-contained report", async () => {
    const { code, out } = await cli("livelock", "--strategies", "dfs,coverage", "--seeds", "2", "--budget", "500r", "--html", "report.html");
    expect(code).toBe(0);
    expect(out).toContain("report written to report.html");
    const html = await readFile(join(dir, "report.html"), "utf8");
    expect(html).toContain("<svg ");
    expect(html).toContain("livelock");
  });

  it("an unknown scenario points at kamera strategies --help", async () => {
    const { code, err } = await cli("nope");
    expect(code).toBe(2);
    expect(err).toContain("(run 'kamera strategies --help' for usage)");
  });

  it.each([
    [["nope"], /"nope" is neither a bundled example/],
    [["livelock", "--strategies", "dfs,astar"], /unknown strategy "astar"; strategies: dfs, bfs, random, random-walk, pct, delay-bounded, coverage, pos/],
    [["livelock", "--budget", "0r"], /the budget's reconciles must be a positive integer, got 0/],
    [["livelock", "--budget", "5000 apples"], /budget "5000 apples" is not one of: <N>r or reconciles=<N>, states=<N>, <N>s or seconds=<N>/],
    [["livelock", "--seeds", "0"], /--seeds expects a positive integer, got "0"/],
    [["livelock", "--seeds", "3", "--seed", "1"], /--seeds and --seed cannot be combined/],
    [["livelock", "--strategies", "pct:depth"], /parameter "depth" is not key=integer/],
    [["livelock", "--strategies", "pct:depth=1,pct:dept=3"], /pct has no parameter "dept"; its parameters: depth, steps, walks, length/],
    [["livelock", "--strategies", "pct:depth=1:depth=2"], /parameter "depth" is given twice/],
    [["livelock", "--strategies", "pct:depth=2,pct:depth=2"], /strategy "pct:depth=2" is listed twice/],
    [["livelock", "--reduction", "stubborn"], /--reduction must be one of none, por, noops, got "stubborn"/],
    [["livelock", "--html", "missing/dir/r.html"], /--html missing\/dir\/r\.html: directory .*missing\/dir does not exist/],
    [["livelock", "--html", "."], /--html \.: is a directory; give a file name/],
    [["livelock", "--html", ""], /--html needs a file name/],
  ])("bad input %j is a usage error with a clear message", async (argv, message) => {
    const { code, err, out } = await cli(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
    expect(out).toBe("");
  });
});
