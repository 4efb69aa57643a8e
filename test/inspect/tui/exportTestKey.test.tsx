import { stripVTControlCharacters } from "node:util";
import { render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { InspectorApp } from "../../../src/inspect/tui/inspectorApp.tsx";
import type { ResultState } from "../../../src/explore/exploreResult.ts";
import { sampleResult } from "./inspectorFixture.ts";

let app: ReturnType<typeof render> | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

async function waitFor(text: string): Promise<string> {
  // A cap, not a pace: a loaded machine may take seconds to draw.
  for (let waited = 0; waited < 15_000; waited += 10) {
    const s = stripVTControlCharacters(app!.lastFrame() ?? "");
    if (s.includes(text)) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  return stripVTControlCharacters(app!.lastFrame() ?? "");
}

describe("the terminal inspector's t key", () => {
  it("exports a test of the selected state, also from deeper levels, and shows where it was written", async () => {
    const exported: string[] = [];
    const exportTest = async (s: ResultState) => (exported.push(s.id), `test written to regressions/${s.id}.test.ts`);
    app = render(<InspectorApp result={sampleResult()} columns={100} rows={24} save={async () => ""} exportTest={exportTest} />);
    await waitFor("kamera › states");
    app.stdin.write("t");
    expect(await waitFor("test written to")).toContain("test written to regressions/5eed000000000003.test.ts");
    // Down to the second state, into its paths: the key still means that state.
    app.stdin.write("\u001b[B");
    await new Promise((r) => setTimeout(r, 30));
    app.stdin.write("\r");
    await waitFor("paths");
    app.stdin.write("t");
    await waitFor(`test written to regressions/${exported.length > 1 ? exported[1] : "x"}`);
    expect(exported).toHaveLength(2);
    expect(exported[1]).not.toBe("5eed000000000003");
  });

  it("says why when the scenario's module is not known", async () => {
    app = render(<InspectorApp result={sampleResult()} columns={100} rows={24} save={async () => ""} />);
    await waitFor("kamera › states");
    app.stdin.write("t");
    expect(await waitFor("exporting a test needs")).toContain("exporting a test needs the scenario's module: run kamera explore on it");
  });

  it("shows an export's failure in the message line", async () => {
    app = render(<InspectorApp result={sampleResult()} columns={140} rows={24} save={async () => ""} exportTest={async () => Promise.reject(new Error("state 5eed is cut off at max depth"))} />);
    await waitFor("kamera › states");
    app.stdin.write("t");
    expect(await waitFor("export failed")).toContain("export failed: state 5eed is cut off at max depth");
  });
});
