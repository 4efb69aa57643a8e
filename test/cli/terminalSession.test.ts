import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * End to end in a real pseudo-terminal: the `kamera` executable runs inside a detached tmux
 * session of 80×24 (a private tmux server, so nothing else is touched), the test types keys with
 * `send-keys` and reads the screen with `capture-pane`, as a user would see it.
 */

const root = resolve(import.meta.dirname, "../..");
const bin = join(root, "bin", "kamera.js");
const socket = `kamera-e2e-${process.pid}`;
const session = "kamera";

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", socket, "-f", "/dev/null", ...args], { encoding: "utf8" });
}

function screen(): string {
  return tmux("capture-pane", "-p", "-t", session);
}

/** Waits until the screen matches, then returns it; fails with the last screen when it never does. */
async function waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    last = screen();
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`screen never matched ${pattern}; last screen:\n${last}`);
}

/** Types one key and waits for its effect (keys are sent one at a time, as a person types them). */
async function press(key: string, then: RegExp): Promise<string> {
  tmux("send-keys", "-t", session, key);
  return waitFor(then);
}

/** The screen must be one coherent frame: the breadcrumb on top, exactly one status bar at the bottom. */
function expectOneFrame(text: string): void {
  const lines = text.replace(/\n+$/, "").split("\n");
  expect(lines[0]).toMatch(/^kamera › states/);
  expect(lines.filter((l) => /\bq quit\s*$/.test(l))).toHaveLength(1);
  expect(lines.filter((l) => /^Detail\b/.test(l)).length).toBeLessThanOrEqual(1);
}

let dir: string;
beforeAll(async () => {
  const probe = spawnSync("tmux", ["-V"], { encoding: "utf8" });
  if (probe.error) throw new Error("this test needs tmux (apt-get install -y tmux; .ci/run installs it)");
  dir = await mkdtemp(join(tmpdir(), "kamera-tty-"));
  // The shell prints the exit status when kamera ends, so the test can see how it ended.
  tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", dir, "sh");
  tmux("send-keys", "-t", session, `clear; node ${bin} explore mode-flip; echo "KAMERA-EXIT-$?"`, "Enter");
});

afterAll(async () => {
  spawnSync("tmux", ["-L", socket, "kill-server"]);
  await rm(dir, { recursive: true, force: true });
});

describe("kamera explore in a terminal", () => {
  it("opens the inspector, drills down to one reconcile's diff, walks back, saves a dump (never over one), writes a test and quits", async () => {
    let s = await waitFor(/kamera › states[\s\S]*q quit/, 60_000);
    expect(s).toMatch(/^kamera › states +2 converged$/m);
    expect(s).toContain("ID                OUTCOME");
    const ids = [...s.matchAll(/^([0-9a-f]{16})  converged/gm)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expectOneFrame(s);

    s = await press("Enter", /Paths to [0-9a-f]{16}/);
    expect(s).toMatch(/^ +1 +\d+ +\w+Controller@1/m);
    expect(s).toContain("Reconcilers:");
    expectOneFrame(s);

    s = await press("Enter", /Steps of path 1/);
    expect(s).toMatch(/^ +1 +\w+Controller +default\/foo +\d+ writes?/m);
    expectOneFrame(s);

    s = await press("Enter", /Effects of \w+Controller default\/foo/);
    expect(s).toMatch(/UPDATE +webapp\.discrete\.events\/Foo +default\/foo/);
    expect(s).toMatch(/~ status\.state: "" → "A-1"/);
    expectOneFrame(s);

    await press("Escape", /Steps of path 1/);
    await press("Escape", /Paths to /);
    s = await press("Escape", /^kamera › states +2 converged$/m);
    expectOneFrame(s);

    s = await press("s", /Save dump to: ?mode-flip\.dump\.json/);
    s = await press("Enter", /saved mode-flip\.dump\.json: \d+ states/);
    expectOneFrame(s);
    expect((await stat(join(dir, "mode-flip.dump.json"))).isFile()).toBe(true);

    // Saving again keeps that dump: the next one gets the next free name.
    s = await press("s", /Save dump to: ?mode-flip\.dump\.json/);
    s = await press("Enter", /saved mode-flip-2\.dump\.json \(mode-flip\.dump\.json exists\): \d+ states/);
    expect((await stat(join(dir, "mode-flip-2.dump.json"))).isFile()).toBe(true);

    // t writes a test of the selected state under the name --export-tests gives; the same test again is not copied.
    s = await press("t", /test written to /);
    const tests = (await readdir(dir)).filter((f) => f.endsWith(".test.ts"));
    expect(tests).toEqual([`mode-flip.converged-${ids[0]!.slice(0, 8)}.test.ts`]);
    s = await press("t", /test already in /);
    expect((await readdir(dir)).filter((f) => f.endsWith(".test.ts"))).toEqual(tests);

    s = await press("q", /KAMERA-EXIT-\d+/);
    expect(s).toContain("KAMERA-EXIT-0");

    // The saved dump reopens with the same states.
    tmux("send-keys", "-t", session, `clear; node ${bin} inspect --dump mode-flip.dump.json; echo "KAMERA-EXIT-$?"`, "Enter");
    s = await waitFor(/kamera › states[\s\S]*q quit/, 60_000);
    expect([...s.matchAll(/^([0-9a-f]{16})  converged/gm)].map((m) => m[1])).toEqual(ids);
    s = await press("q", /KAMERA-EXIT-\d+/);
    expect(s).toContain("KAMERA-EXIT-0");
  });
});
