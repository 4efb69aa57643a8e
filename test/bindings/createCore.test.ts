import { describe, expect, it } from "vitest";
import type { CoreOptions } from "../../bindings/core.ts";
import { createCore } from "../../bindings/createCore.ts";
import { CoreError } from "../../bindings/coreError.ts";

describe("createCore", () => {
  it("makes a Wasm core by default and a reference core on request", async () => {
    expect((await createCore()).engine).toBe("wasm");
    expect((await createCore({ engine: "reference" })).engine).toBe("reference");
  });

  const bad: [string, CoreOptions, RegExp][] = [
    ["an unknown engine", { engine: "gpu" as never }, /engine must be "wasm" or "reference", got "gpu"/],
    ["an unknown frontier", { frontier: "lifo" as never }, /frontier must be one of dfs, bfs, random, priority/],
    ["a fractional seed", { seed: 1.5 }, /seed must be a safe integer, got 1.5/],
    ["a negative presize", { expectedStates: -1 }, /expectedStates must be an integer/],
    ["an unknown build", { wasmBuild: "fast" as never }, /wasmBuild must be "release" or "debug"/],
  ];
  for (const [what, opts, message] of bad) {
    it(`rejects ${what} with a CoreError`, async () => {
      const err = await createCore(opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CoreError);
      expect((err as Error).message).toMatch(message);
    });
  }
});
