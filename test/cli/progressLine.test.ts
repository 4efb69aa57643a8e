import { describe, expect, it } from "vitest";
import { formatProgress, ProgressLine } from "../../src/cli/progressLine.ts";
import { fixtureStats } from "./fixtureResult.ts";

function sink(isTTY: boolean, columns?: number) {
  const out = { text: "", isTTY, columns, write: (s: string) => ((out.text += s), true) };
  return out;
}

const stats = fixtureStats({ uniqueStates: 12345, statesPerSecond: 4321.4, frontierSize: 120, maxDepth: 17, convergedCount: 3, abortedCount: 0 });

describe("formatProgress", () => {
  it("shows states, rate, frontier, depth and the converged and aborted counts", () => {
    expect(formatProgress(stats)).toBe("exploring: 12,345 states  4,321/s  frontier 120  depth 17  converged 3  aborted 0");
  });
});

describe("ProgressLine", () => {
  it("rewrites one line in place on a terminal and ends it when finished", () => {
    const out = sink(true, 200);
    const line = new ProgressLine(out);
    line.update(stats);
    expect(line.pending).toBe(true);
    line.update({ ...stats, uniqueStates: 20000 });
    line.finish({ ...stats, uniqueStates: 20001 }, "done");
    expect(line.pending).toBe(false);
    expect(out.text).toBe(
      `\r${formatProgress(stats)}\x1b[K` + `\r${formatProgress({ ...stats, uniqueStates: 20000 })}\x1b[K` + `\r${formatProgress({ ...stats, uniqueStates: 20001 }, "done")}\x1b[K\n`,
    );
  });

  it("cuts the line to the terminal width so that it never wraps", () => {
    const out = sink(true, 40);
    new ProgressLine(out).update(stats);
    const shown = out.text.slice(1, out.text.indexOf("\x1b[K"));
    expect(shown).toHaveLength(39);
    expect(shown.endsWith("…")).toBe(true);
  });

  it("writes one plain line per update when the stream is not a terminal", () => {
    const out = sink(false);
    const line = new ProgressLine(out);
    line.update(stats);
    line.finish(stats, "stopped (signal)");
    expect(out.text).toBe(`${formatProgress(stats)}\n${formatProgress(stats, "stopped (signal)")}\n`);
  });
});
