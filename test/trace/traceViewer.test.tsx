import { stripVTControlCharacters } from "node:util";
import { render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { TraceViewer } from "../../src/trace/traceViewer.tsx";

const settle = () => new Promise((r) => setTimeout(r, 15));
let app: ReturnType<typeof render> | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const pages = [
  { name: "lifecycle", text: Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n" },
  { name: "provenance", text: "root ext-1\n" },
  { name: "knowledge", text: "#7 MirrorController UPDATE core/ConfigMap/default/web-mirror@9\n    read core/ConfigMap/default/web@6  STALE: the server held rv 8\n" },
];

describe("the terminal trace viewer", () => {
  it("shows the first lens a screenful at a time, scrolls with the arrows and page keys, and switches lens with tab and digits", async () => {
    app = render(<TraceViewer title="trace.jsonl: 11 event(s)" pages={pages} rows={10} columns={80} />);
    await settle();
    const frame = () => stripVTControlCharacters(app!.lastFrame() ?? "");
    expect(frame()).toContain("line 1\n");
    expect(frame()).toContain("line 7");
    expect(frame()).not.toContain("line 8");
    expect(frame()).toContain("lines 1-7 of 30");
    app.stdin.write("\u001b[B");
    await settle();
    expect(frame()).toContain("lines 2-8 of 30");
    app.stdin.write("G");
    await settle();
    expect(frame()).toContain("lines 24-30 of 30");
    app.stdin.write("\t");
    await settle();
    expect(frame()).toContain("root ext-1");
    app.stdin.write("3");
    await settle();
    expect(frame()).toContain("STALE: the server held rv 8");
  });
});
