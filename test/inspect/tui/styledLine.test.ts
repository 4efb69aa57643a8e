import { describe, expect, it } from "vitest";
import { cell, fitSpans, truncate } from "../../../src/inspect/tui/styledLine.ts";

describe("styled lines", () => {
  it("truncate with an ellipsis only when cut", () => {
    expect(truncate("abcdef", 6)).toBe("abcdef");
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 0)).toBe("");
    expect(cell("ab", 4)).toBe("ab  ");
    expect(cell("abcdef", 4)).toBe("abc…");
  });

  it("fit spans to a width, keeping styles and cutting where the line overflows", () => {
    const spans = [{ text: "id  " }, { text: "converged", color: "green" }, { text: " 12" }];
    expect(fitSpans(spans, 80)).toEqual(spans);
    expect(fitSpans(spans, 10)).toEqual([{ text: "id  " }, { text: "conve…", color: "green" }]);
    expect(fitSpans(spans, 14)).toEqual([{ text: "id  " }, { text: "converged", color: "green" }, { text: "…" }]);
    expect(fitSpans(spans, 0)).toEqual([]);
  });
});
