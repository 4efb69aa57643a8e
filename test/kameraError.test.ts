import { describe, expect, it } from "vitest";
import { CoreError } from "../bindings/coreError.ts";
import { createCore } from "../bindings/createCore.ts";
import { isReportableError, KameraError } from "../src/kameraError.ts";

describe("errors whose message is the whole report", () => {
  it("are kamera's own errors and the core's, which bindings/ defines without importing src/", async () => {
    const fromCore = await createCore({ engine: "gpu" as never }).catch((e: unknown) => e);
    expect(fromCore).toBeInstanceOf(CoreError);
    expect(isReportableError(fromCore)).toBe(true);
    expect(isReportableError(new KameraError("bad kind"))).toBe(true);
  });

  it("are not other errors, which are bugs and keep their stack", () => {
    expect(isReportableError(new TypeError("x is undefined"))).toBe(false);
    expect(isReportableError("a string")).toBe(false);
  });
});
