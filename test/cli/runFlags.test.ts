import { describe, expect, it } from "vitest";
import { parseRunFlags } from "../../src/cli/runFlags.ts";
import { UsageError } from "../../src/cli/usageError.ts";

const flags = (...argv: string[]) => {
  const parsed = parseRunFlags(argv);
  if (!parsed.flags) throw new Error("expected flags, got help");
  return parsed.flags;
};

function usageErrorOf(argv: string[]): UsageError {
  try {
    parseRunFlags(argv);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error(`expected ${argv.join(" ")} to be rejected`);
}

describe("parseRunFlags", () => {
  it("leaves every option unset when no flag is given", () => {
    expect(flags()).toEqual({});
  });

  it("reads every shared flag", () => {
    expect(
      flags("--no-interactive", "--dump-output", "out.json", "--max-depth", "7", "--strategy", "random", "--seed", "42", "--timeout", "1.5", "--max-states", "1000", "--json", "--progress"),
    ).toEqual({ interactive: false, dumpOutput: "out.json", maxDepth: 7, strategy: "random", seed: 42, timeoutMs: 1500, maxStates: 1000, json: true, progress: true });
    expect(flags("--interactive", "--web", "--port", "0", "--no-progress")).toEqual({ interactive: true, web: true, port: 0, progress: false });
  });

  it("accepts --flag=value and a max depth of 0", () => {
    expect(flags("--max-depth=0", "--strategy=bfs", "--engine=reference")).toEqual({ maxDepth: 0, strategy: "bfs", engine: "reference" });
  });

  it("turns reconcile memoization off with --no-memoize, and leaves it to the options without either flag", () => {
    expect(flags("--no-memoize")).toEqual({ memoizeReconciles: false });
    expect(flags("--memoize")).toEqual({ memoizeReconciles: true });
    expect(flags("--strategy", "bfs")).not.toHaveProperty("memoizeReconciles");
  });

  it("ignores positional arguments, which belong to the script", () => {
    expect(flags("input.yaml", "--strategy", "dfs")).toEqual({ strategy: "dfs" });
  });

  it("rejects a negative, fractional or non-numeric max depth", () => {
    expect(usageErrorOf(["--max-depth", "-3"]).message).toMatch(/--max-depth <n>.*-3.*non-negative integer/);
    expect(usageErrorOf(["--max-depth", "2.5"]).message).toMatch(/non-negative integer/);
    expect(usageErrorOf(["--max-depth", "ten"]).message).toMatch(/non-negative integer/);
  });

  it("rejects an unknown strategy or engine, listing the known ones", () => {
    expect(usageErrorOf(["--strategy", "foo"]).message).toMatch(/Allowed choices are dfs, bfs, random/);
    expect(usageErrorOf(["--engine", "gpu"]).message).toMatch(/Allowed choices are wasm, reference/);
  });

  it("rejects a zero or malformed timeout and a zero state limit", () => {
    expect(usageErrorOf(["--timeout", "0"]).message).toMatch(/positive number of seconds/);
    expect(usageErrorOf(["--timeout", "10s"]).message).toMatch(/positive number of seconds/);
    expect(usageErrorOf(["--max-states", "0"]).message).toMatch(/positive integer/);
    // The message names what is accepted, whichever way the value is wrong: not "non-negative" for -1 when 0 is refused too.
    for (const bad of ["-1", "1.5", "many"]) expect(usageErrorOf(["--max-states", bad]).message).toMatch(/Expected a positive integer\./);
    expect(usageErrorOf(["--path-cap", "-1"]).message).toMatch(/Expected a positive integer\./);
    expect(usageErrorOf(["--port", "70000"]).message).toMatch(/TCP port/);
  });

  it("takes any safe integer as the seed, as ExploreOptions.seed does, negative ones as a separate value or after =", () => {
    expect(flags("--seed", "-5")).toEqual({ seed: -5 });
    expect(flags("--seed=-5", "--json")).toEqual({ seed: -5, json: true });
    expect(flags("--seed", "0")).toEqual({ seed: 0 });
    expect(flags("--seed", String(Number.MAX_SAFE_INTEGER))).toEqual({ seed: Number.MAX_SAFE_INTEGER });
    for (const bad of ["1.5", "-x", "9007199254740992", "--5"]) {
      expect(usageErrorOf(["--seed", bad]).message).toMatch(/Expected an integer from -9007199254740991 to 9007199254740991\./);
    }
  });

  it("rejects a reconcile timeout or a timeout longer than a Node.js timer keeps, which would fire after 1 ms", () => {
    expect(flags("--reconcile-timeout", "2147483647", "--timeout", "2147483.647")).toEqual({ reconcileTimeoutMs: 2147483647, timeoutMs: 2147483647 });
    expect(usageErrorOf(["--reconcile-timeout", "3000000000"]).message).toMatch(/--reconcile-timeout <ms>.*3000000000.*Expected at most 2147483647 ms/);
    expect(usageErrorOf(["--timeout", "3000000"]).message).toMatch(/Expected at most 2147483.647 seconds/);
  });

  it("rejects more than 256 workers, which would exhaust the heap starting threads", () => {
    expect(flags("--workers", "256")).toEqual({ workers: 256 });
    expect(usageErrorOf(["--workers", "100000"]).message).toMatch(/--workers <n>.*100000.*Expected at most 256 workers\./);
  });

  it("rejects an unknown flag and a flag missing its value, pointing at --help", () => {
    const unknown = usageErrorOf(["--max-dept", "3"]);
    expect(unknown.message).toMatch(/unknown option '--max-dept'/);
    expect(unknown.message).toMatch(/argv: \[\]/);
    expect(unknown.helpCommand).toBe("kamera-runner --help");
    expect(usageErrorOf(["--dump-output"]).message).toMatch(/argument missing/);
  });

  it("returns the help text for --help instead of flags", () => {
    const parsed = parseRunFlags(["--help"], "check-foo.ts");
    expect(parsed.flags).toBeUndefined();
    expect(parsed.help).toMatch(/^Usage: check-foo\.ts/);
    for (const flag of ["--interactive", "--no-interactive", "--dump-output <file>", "--max-depth <n>", "--strategy <name>", "--seed <n>", "--timeout <s>", "--max-states <n>", "--web", "--json"]) {
      expect(parsed.help).toContain(flag);
    }
  });
});

describe("flags for every documented explore option", () => {
  it("maps --reduce-noops, --reduction, --determinism-check, --abort-on-error, --reconcile-timeout and --path-cap onto ExploreOptions names", () => {
    expect(flags("--reduce-noops", "--determinism-check", "--abort-on-error", "--reconcile-timeout", "250", "--path-cap", "5")).toEqual({
      reduceNoOps: true,
      determinismCheck: true,
      abortOnError: true,
      reconcileTimeoutMs: 250,
      pathCap: 5,
    });
    expect(flags("--reduction", "noops")).toEqual({ reduction: "noops" });
    expect(flags("--reduction", "none")).toEqual({ reduction: "none" });
    expect(flags("--reduction", "por")).toEqual({ reduction: "por" });
  });

  it("rejects --reduce-noops together with --reduction, and an unknown reduction", () => {
    expect(usageErrorOf(["--reduce-noops", "--reduction", "none"]).message).toMatch(/cannot be used with/);
    expect(usageErrorOf(["--reduction", "all"]).message).toMatch(/Allowed choices are none, por, noops/);
  });

  it("reads repeated --staleness <id>:<kind>=<lookback> and --max-restarts", () => {
    expect(flags("--staleness", "Zk:zookeeper.pravega.io/ZookeeperCluster=4", "--staleness", "Zk:core/Pod=0", "--max-restarts", "2")).toEqual({
      staleness: [
        { reconcilerId: "Zk", kind: "zookeeper.pravega.io/ZookeeperCluster", lookback: 4 },
        { reconcilerId: "Zk", kind: "core/Pod", lookback: 0 },
      ],
      maxRestarts: 2,
    });
  });

  it("explains the --staleness format when it is wrong", () => {
    expect(usageErrorOf(["--staleness", "Zk=4"]).message).toContain("Expected <reconciler-id>:<group>/<Kind>=<lookback>, such as Foo:core/ConfigMap=2");
    expect(usageErrorOf(["--staleness", "Zk:Pod=4"]).message).toContain("<group>/<Kind>");
  });

  it("reads --fail-on as a comma-separated, repeatable list of outcomes", () => {
    expect(flags("--fail-on", "max-depth,incomplete", "--fail-on", "nondeterministic")).toEqual({ failOn: ["max-depth", "incomplete", "nondeterministic"] });
    expect(usageErrorOf(["--fail-on", "max-depth,bogus"]).message).toContain("unknown: bogus");
  });

  it("lists the exit statuses in a Runner script's --help", () => {
    const parsed = parseRunFlags(["--help"]);
    expect(parsed.help).toContain("Exit status:");
    expect(parsed.help).toContain("--staleness <id>:<kind>=<lookback>");
  });
});
