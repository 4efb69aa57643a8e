import { describe, expect, it } from "vitest";
import { runInspector } from "../../../src/inspect/tui/index.ts";
import { KameraError } from "../../../src/kameraError.ts";
import { plainResult } from "./inspectorFixture.ts";

describe("the inspector's entry point", () => {
  it("loads the inspector on first use and hands the call over", async () => {
    const stdin = { isTTY: false } as NodeJS.ReadStream;
    await expect(runInspector(plainResult(), { stdin })).rejects.toThrow(KameraError);
  });
});
