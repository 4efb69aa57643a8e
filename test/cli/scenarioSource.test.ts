import { describe, expect, it } from "vitest";
import { isScenario, resolveScenario } from "../../src/cli/scenarioSource.ts";
import { UsageError } from "../../src/cli/usageError.ts";
import { KameraError } from "../../src/kameraError.ts";
import { findScenario } from "../../examples/index.ts";

const cwd = process.cwd();

describe("resolveScenario", () => {
  it("finds a bundled example by name", async () => {
    expect(await resolveScenario("mode-flip", cwd)).toBe(findScenario("mode-flip"));
  });

  it("loads a module's default export, by a path relative to the working directory", async () => {
    const s = await resolveScenario("test/cli/fixtures/wideScenario.ts", cwd);
    expect(s.name).toBe("wide");
  });

  it("loads a module's export named scenario when there is no default export", async () => {
    const s = await resolveScenario(`${cwd}/test/cli/fixtures/namedScenario.ts`, "/");
    expect(s.name).toBe("named");
  });

  it("rejects an unknown name, listing the bundled examples", async () => {
    const e = await resolveScenario("nope", cwd).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).message).toMatch(/"nope" is neither a bundled example \(trivial, mode-flip, .*\) nor an existing module file/);
    expect((e as UsageError).helpCommand).toBe("kamera explore --help");
  });

  it("points a mistake at the --help of the command that resolves the scenario", async () => {
    const e = await resolveScenario("nope", cwd, "strategies").catch((x: unknown) => x);
    expect((e as UsageError).helpCommand).toBe("kamera strategies --help");
  });

  it("rejects a path that does not exist, or is a directory", async () => {
    await expect(resolveScenario("./nope/scenario.ts", cwd)).rejects.toThrow(/^\.\/nope\/scenario\.ts: no such file$/);
    await expect(resolveScenario("test/cli/fixtures", cwd)).rejects.toThrow(/^test\/cli\/fixtures: is a directory; give a module exporting a Scenario$/);
    await expect(resolveScenario("test/cli/fixtures", cwd, "serve", "a dump or trace file, or a module exporting a Scenario")).rejects.toThrow(
      /^test\/cli\/fixtures: is a directory; give a dump or trace file, or a module exporting a Scenario$/,
    );
  });

  it("rejects a module that exports no Scenario", async () => {
    await expect(resolveScenario("test/cli/fixtures/notAScenario.ts", cwd)).rejects.toThrow(UsageError);
  });

  it("reports a module that fails to load as a KameraError keeping the failure as its cause", async () => {
    const e = await resolveScenario("test/cli/fixtures/brokenModule.ts", cwd).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KameraError);
    expect(e).not.toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/could not load test\/cli\/fixtures\/brokenModule\.ts: the fixture module is broken on purpose/);
    expect((e as Error).cause).toBeInstanceOf(TypeError);
  });
});

describe("isScenario", () => {
  it("accepts objects with a name and a build function, and nothing else", () => {
    expect(isScenario({ name: "x", description: "y", build: () => ({}) })).toBe(true);
    expect(isScenario({ name: "x", build: "no" })).toBe(false);
    expect(isScenario(null)).toBe(false);
    expect(isScenario(42)).toBe(false);
  });
});
