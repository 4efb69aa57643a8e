import { stripVTControlCharacters } from "node:util";
import { render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { InspectorApp } from "../../../src/inspect/tui/inspectorApp.tsx";
import type { ExploreResult, ResultState } from "../../../src/explore/exploreResult.ts";
import { sampleStateId } from "../../results/sampleGraph.ts";
import { plainResult, sampleResult } from "./inspectorFixture.ts";

const KEY = {
  enter: "\r",
  esc: "\u001b",
  tab: "\t",
  up: "\u001b[A",
  down: "\u001b[B",
  pageDown: "\u001b[6~",
  pageUp: "\u001b[5~",
  backspace: "\u007f",
};

type App = ReturnType<typeof render>;
let app: App | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const settle = () => new Promise((r) => setTimeout(r, 15));

async function open(result: ExploreResult, opts: { columns?: number; rows?: number; save?: (p: string) => Promise<string> } = {}) {
  const saved: string[] = [];
  app = render(
    <InspectorApp
      result={result}
      columns={opts.columns ?? 80}
      rows={opts.rows ?? 24}
      save={opts.save ?? (async (p) => (saved.push(p), `saved ${p}`))}
    />,
  );
  await settle();
  return saved;
}

/** Writes each key and waits for the frame it causes (a loaded machine may take a while to draw it). */
async function press(...keys: string[]) {
  for (const k of keys) {
    const before = app!.frames.length;
    app!.stdin.write(k);
    for (let waited = 0; app!.frames.length === before && waited < 2000; waited += 5) await new Promise((r) => setTimeout(r, 5));
  }
}

function screen(): string {
  return stripVTControlCharacters(app!.lastFrame() ?? "");
}

function lines(): string[] {
  return screen().split("\n");
}

describe("the terminal inspector", () => {
  it("opens on the states list with outcomes, counts and the first state's objects", async () => {
    await open(sampleResult());
    const s = screen();
    expect(s).toContain("kamera › states");
    expect(s).toContain("ID                OUTCOME               OBJ PEND    PATHS UNIQUE");
    expect(s).toMatch(/5eed000000000003 {2}converged +2 +0 +2 +2\n/);
    expect(s).toMatch(/5eed000000000005 {2}non-converging .* ∞ +1/);
    expect(s).toMatch(/5eed000000000004 {2}aborted: error/);
    expect(s).toMatch(/5eed000000000007 {2}violation/);
    // The detail follows the cursor: the first state's objects with short version hashes.
    expect(s).toContain("State 5eed000000000003  converged");
    expect(s).toMatch(/core\/ConfigMap +default\/cfg +#[0-9a-f]{8}/);
    expect(s).toMatch(/webapp\.example\.com\/Foo +default\/foo +#[0-9a-f]{8}/);
    expect(s).toContain("⏎ paths");
    expect(s).toContain("q quit");
  });

  it("shows a stats line under the header: size, completeness and every outcome that is not zero", async () => {
    await open(sampleResult(), { columns: 160, rows: 40 });
    expect(lines()[1]).toMatch(/^[\d,]+ states · [\d,]+ transitions · depth \d+ · complete · 2 converged · 1 livelock · 1 violation · \d+ aborted/);
    // On 80 columns it keeps the parts that fit, most important first.
    await open(sampleResult());
    expect(lines()[1]).toBe("11 states · 12 transitions · depth 0 · complete · 2 converged · 1 livelock");
  });

  it("opens a help overlay with ?, explaining every key and the path notation; any key closes it", async () => {
    await open(sampleResult());
    await press("?");
    const s = screen();
    expect(s).toContain("Keys — press any key to close");
    expect(s).toMatch(/\/ +filter the list/);
    expect(s).toMatch(/s +save the result as a dump/);
    expect(s).toMatch(/w +list the result's warnings/);
    expect(s).toContain("Reconciler@<writes>, ! after a failed reconcile");
    expect(s).toContain("reconciles that wrote nothing are left out");
    expect(lines().length).toBeLessThanOrEqual(23);
    await press("j");
    // Closed, and the key that closed it did not move the cursor.
    expect(screen()).not.toContain("Keys — press any key to close");
    expect(screen()).toContain("1/");
    expect(screen()).toContain("? help");
  });

  it("lists the result's warnings with w, numbered, wrapped and scrollable; Esc returns to the list where it was", async () => {
    const warnings = Array.from({ length: 8 }, (_, i) => `warning ${i + 1}: ${"a sentence that names the call and suggests a fix ".repeat(3).trim()}`);
    await open(Object.assign(sampleResult(), { warnings }), { columns: 160, rows: 40 });
    expect(lines()[1]).toContain("8 warnings (w lists them)");
    await open(Object.assign(sampleResult(), { warnings }));
    expect(screen()).toContain("w warnings");
    await press("j", "w");
    let s = screen();
    expect(s).toContain("Warnings (8)");
    expect(s).toMatch(/^1\. warning 1: a sentence/m);
    expect(s).toContain("Esc close");
    expect(lines()).toHaveLength(23);
    for (const l of lines()) expect(l.length).toBeLessThanOrEqual(80);
    // Wrapped, not cut: the first warning reads whole across its lines.
    const first = lines().slice(3, 3 + lines().slice(3).indexOf(""));
    expect(first.map((l) => l.slice(3).trim()).join(" ")).toBe(warnings[0]);
    await press("G");
    s = screen();
    expect(s).toMatch(/^8\. warning 8: a sentence/m);
    expect(s).not.toMatch(/^1\. warning 1/m);
    await press(KEY.esc);
    s = screen();
    expect(s).not.toContain("Warnings (8)");
    expect(s).toContain("2/5");
  });

  it("says so when w is pressed on a result without warnings", async () => {
    await open(sampleResult());
    expect(screen()).not.toContain("w warnings");
    await press("w");
    expect(screen()).toContain("this result has no warnings");
  });

  it("drills down states → paths → steps → reconcile, showing each level's detail, and Esc walks back", async () => {
    await open(sampleResult());
    await press(KEY.enter);
    let s = screen();
    expect(s).toContain("kamera › states › 5eed0000… converged");
    expect(s).toContain(`Paths to ${sampleStateId(3)}`);
    // Unique paths come shortest first, then by signature.
    expect(s).toMatch(/1 +3 {2}BarController@1 -> FooController@1 -> BarController@1/);
    expect(s).toMatch(/2 +3 {2}FooController@1 -> FooController@1 -> BarController@1/);
    expect(s).toContain("Reconcilers: BarController, FooController");
    expect(s).toContain("Outcome: converged");
    expect(s).toContain("Pending at the end: none");

    await press("j", KEY.enter);
    s = screen();
    expect(s).toContain("› path 2");
    expect(s).toContain("Steps of path 2");
    expect(s).toMatch(/1 {2}FooController +default\/foo +1 write/);
    expect(s).toMatch(/3 {2}BarController +default\/foo +1 write/);
    expect(s).toContain("Step 1: FooController default/foo");
    expect(s).toContain("UPDATE webapp.example.com/Foo default/foo");
    expect(s).toContain(`World after (state ${sampleStateId(1)}):`);

    await press("G", KEY.enter);
    s = screen();
    expect(s).toContain("› step 3 BarController");
    // The blank line between the step's facts and the effect keeps its row.
    expect(s).toMatch(/States: 5eed000000000002 → 5eed000000000003\n\s*\nUPDATE webapp\.example\.com\/Foo default\/foo/);
    expect(s).toMatch(/1 {2}UPDATE {2}webapp\.example\.com\/Foo +default\/foo/);
    expect(s).toContain("Returned: requeue after 5000 ms");
    expect(s).toContain("Choices: mode=1");
    expect(s).toContain("Stale view: webapp.example.com/Foo@2");
    expect(s).toContain('~ status.state: "A-1" → "A-Final"');
    // Server-managed fields stay out of the diff.
    expect(s).not.toContain("resourceVersion");

    await press(KEY.esc);
    expect(screen()).toContain("Steps of path 2");
    await press(KEY.esc);
    expect(screen()).toContain(`Paths to ${sampleStateId(3)}`);
    await press(KEY.esc);
    expect(screen()).toContain("kamera › states");
    expect(screen()).not.toContain("›  path");
  });

  it("shows a diff as changed fields and YAML lines, scrolled with Tab and j", async () => {
    await open(sampleResult());
    // The second converged state: its path goes through the Cleaner's update and delete.
    await press("j", KEY.enter, KEY.enter);
    expect(screen()).toContain("Steps of path 1");
    await press("j", "j", KEY.enter);
    let s = screen();
    expect(s).toContain("› step 3 Cleaner");
    expect(s).toMatch(/2 {2}DELETE {2}core\/ConfigMap +default\/cfg/);
    await press("j");
    s = screen();
    expect(s).toContain("DELETE core/ConfigMap default/cfg");
    expect(s).toContain('+ metadata.deletionTimestamp: "1970-01-01T00:00:03Z"');
    await press(KEY.tab, "G");
    s = screen();
    expect(s).toContain("+   deletionTimestamp: 1970-01-01T00:00:03Z");
  });

  it("reveals server-managed fields with m, in diffs and in YAML", async () => {
    await open(sampleResult());
    await press(KEY.enter, KEY.enter, "G", KEY.enter);
    expect(screen()).not.toContain("resourceVersion");
    await press("m");
    expect(screen()).toContain('~ metadata.resourceVersion: "2" → "5"');
    expect(screen()).toContain("showing server-managed fields");
    await press(KEY.enter);
    expect(screen()).toMatch(/YAML webapp\.example\.com\/Foo default\/foo \(after UPDATE in step 3\)/);
    expect(screen()).toContain('resourceVersion: "5"');
    await press("m");
    expect(screen()).toContain("server fields hidden");
    expect(screen()).not.toContain("resourceVersion");
  });

  it("opens an object's YAML from a detail pane with Tab and Enter; Esc closes it", async () => {
    await open(sampleResult());
    await press(KEY.tab);
    expect(screen()).toContain("Tab list");
    // Lines: State, Paths, Pending, "Objects (2):", then the objects.
    await press("j", "j", "j", "j");
    expect(screen()).toContain("⏎ YAML");
    await press(KEY.enter);
    let s = screen();
    expect(s).toContain(`YAML core/ConfigMap default/cfg (state ${sampleStateId(3)})`);
    expect(s).toContain("apiVersion: v1");
    expect(s).toContain("  finalizers:");
    expect(s).toContain("Esc close");
    await press(KEY.esc);
    s = screen();
    expect(s).not.toContain("YAML core/ConfigMap");
    expect(s).toContain("State 5eed000000000003");
  });

  it("lists a livelock's cycle beside its path and an error step in red", async () => {
    await open(sampleResult());
    await press("j", "j", KEY.enter);
    let s = screen();
    expect(s).toMatch(/1 +2 {2}FooController@1 -> Deployer@1/);
    expect(s).toMatch(/⟳ +2 {2}cycle: Fighter@1 -> Fighter@1/);
    await press("j");
    expect(screen()).toContain("One turn of the cycle this state is stuck in");
    await press(KEY.esc, "j", KEY.enter);
    s = screen();
    expect(s).toMatch(/FooController@1 -> BarController@0!/);
    await press(KEY.enter);
    expect(screen()).toMatch(/2 {2}BarController +default\/foo +0 writes +boom: cannot reach/);
  });

  it("filters the list as you type after /, keeps it with Enter and clears it with Esc", async () => {
    await open(sampleResult());
    await press("/", "v", "i", "o");
    let s = screen();
    expect(s).toContain("Filter / vio");
    expect(s).toContain("/vio  1/1 of 5");
    expect(s).toMatch(/5eed000000000007 {2}violation/);
    expect(s).not.toContain("5eed000000000003  converged");
    expect(s).toContain('Violation of "one config map": 2 ConfigMaps in default');
    await press(KEY.backspace, KEY.backspace, KEY.backspace, "e", "r", "r");
    expect(screen()).toMatch(/5eed000000000004 {2}aborted: error/);
    await press(KEY.enter);
    expect(screen()).toContain("Esc clear filter");
    await press(KEY.esc);
    s = screen();
    expect(s).toContain("1/5");
    expect(s).toContain("5eed000000000003  converged");
  });

  it("handles keys that arrive together in one read as separate presses", async () => {
    await open(sampleResult());
    await press("jjj\r");
    expect(screen()).toContain(`Paths to ${sampleStateId(4)}`);
  });

  it("says when nothing matches a filter", async () => {
    await open(sampleResult());
    await press("/", "z", "z", "z");
    expect(screen()).toContain("nothing matches /zzz");
    expect(screen()).toContain("State");
  });

  it("saves a dump to the path typed at the s prompt and reports it", async () => {
    const saved = await open(sampleResult());
    await press("s");
    expect(screen()).toContain("Save dump to: kamera-dump.json");
    for (let i = 0; i < "kamera-dump.json".length; i++) await press(KEY.backspace);
    await press("out/run-1.json", KEY.enter);
    expect(saved).toEqual(["out/run-1.json"]);
    expect(screen()).toContain("saved out/run-1.json");
  });

  it("shows a failed save's message and keeps browsing", async () => {
    await open(sampleResult(), {
      save: async (p) => {
        throw new Error(`cannot save dump to ${p}: EACCES`);
      },
    });
    await press("s", KEY.enter);
    expect(screen()).toContain("save failed: cannot save dump to kamera-dump.json: EACCES");
    await press("j");
    expect(screen()).toContain("2/5");
  });

  it("cancels the save prompt with Esc", async () => {
    const saved = await open(sampleResult());
    await press("s", KEY.esc);
    expect(saved).toEqual([]);
    expect(screen()).toContain("save cancelled");
  });

  it("browses a hand-built result without a graph, and explains why it cannot be saved", async () => {
    await open(plainResult());
    let s = screen();
    expect(s).toContain("1 converged");
    expect(s).not.toContain("s save");
    await press("s");
    expect(screen()).toContain("this result carries no explored graph, so it cannot be saved as a dump");
    await press(KEY.enter, KEY.enter);
    s = screen();
    expect(s).toContain("Steps of path 1");
    expect(s).toContain("World after (state middle):");
    expect(s).toContain("(not recorded: this result carries no graph)");
    await press("j");
    s = screen();
    expect(s).toContain("World after (state done):");
    expect(s).toMatch(/core\/ConfigMap +default\/cfg/);
  });

  it("fits 80×24: 23 lines, none wider than 80 columns, at every level", async () => {
    await open(sampleResult());
    for (const keys of [[], [KEY.enter], [KEY.enter], ["G", KEY.enter], [KEY.tab], [KEY.enter]]) {
      await press(...keys);
      const ls = lines();
      expect(ls).toHaveLength(23);
      for (const l of ls) expect(l.length).toBeLessThanOrEqual(80);
    }
  });

  it("puts the detail beside the list on a wide terminal", async () => {
    await open(sampleResult(), { columns: 160, rows: 40 });
    const first = lines()[2]!; // under the header and the stats line
    expect(first).toMatch(/^States .*1\/5 +Detail/);
    expect(lines()).toHaveLength(39);
  });

  it("moves with j k g G and pages with PgUp PgDn, keeping the cursor on screen", async () => {
    await open(manyStates(40));
    expect(screen()).toContain("1/40");
    await press(KEY.pageDown);
    expect(screen()).toContain("8/40");
    await press("G");
    expect(screen()).toContain("40/40");
    expect(screen()).toContain("State s0039");
    await press(KEY.pageUp, "k");
    expect(screen()).toContain("32/40");
    expect(screen()).toMatch(/s0032 +converged/);
    await press("g", KEY.down, KEY.down, KEY.up);
    expect(screen()).toContain("2/40");
    expect(screen()).toContain("State s0001");
  });

  it("draws only the visible rows of a huge result", async () => {
    const touched = new Set<number>();
    await open(manyStates(200_000, touched));
    expect(touched.size).toBeLessThanOrEqual(7);
    await press("G");
    expect(screen()).toContain("200000/200000");
    // Only the rows on screen were ever looked at: that, not a clock, shows the list is virtualized.
    expect(touched.size).toBeLessThanOrEqual(14);
  });
});

/** A result of n converged states; `touched` records the states whose paths were computed. */
function manyStates(n: number, touched?: Set<number>): ExploreResult {
  const base = plainResult();
  const states: ResultState[] = [];
  for (let i = 0; i < n; i++) {
    const s = { id: `s${String(i).padStart(4, "0")}`, reason: "converged", objects: [], pending: [], pathCount: 1n, pathCountInfinite: false, pathsTruncated: false } as unknown as ResultState;
    Object.defineProperty(s, "paths", {
      get() {
        touched?.add(i);
        return [];
      },
    });
    states.push(s);
  }
  return { ...base, convergedStates: states };
}
