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
    expect(usageErrorOf(["--seed", "-1"]).message).toMatch(/non-negative integer/);
    expect(usageErrorOf(["--port", "70000"]).message).toMatch(/TCP port/);
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
