import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../../examples/index.ts";
import { runCli } from "../../src/cli/runCli.ts";
import { capturedIO } from "./capturedIO.ts";

async function kamera(...argv: string[]) {
  const io = capturedIO();
  const code = await runCli(argv, io, process.cwd());
  return { code, out: io.out(), err: io.err() };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-replay-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("kamera replay", () => {
  it("prints each step's writes as diffs and where the schedule ended", async () => {
    const file = join(dir, "dup.schedule");
    await writeFile(file, "kamera-schedule 1\nSpawner default/foo\nRecorder default/foo\n");
    const { code, out } = await kamera("replay", "duplicate-invariant", "--schedule", file);
    expect(code).toBe(0);
    expect(out).toContain("1. Spawner default/foo → state ");
    expect(out).toMatch(/ {3}CREATE core\/Pod default\/foo-\w+\n {5}created:\n {5}\+ apiVersion: v1\n/);
    expect(out).toMatch(/2\. Recorder default\/foo → state \w+\n {3}UPDATE webapp\.discrete\.events\/Foo default\/foo\n {5}1 field changed:\n {7}~ status\.created: 0 → 1/);
    expect(out).toContain("after 2 step(s): not converged: pending: Recorder default/foo, Spawner default/foo");
  });

  it("a step that does not fit fails with the step and what was pending (exit status 1)", async () => {
    const file = join(dir, "drift.schedule");
    await writeFile(file, "kamera-schedule 1\nSpawner default/foo\nRecorder default/bar\n");
    const { code, err } = await kamera("replay", "duplicate-invariant", "--schedule", file);
    expect(code).toBe(1);
    expect(err).toBe("error: step 2 (Recorder default/bar) is not enabled: that reconcile is not pending after step 1. Pending instead:\n  Recorder default/foo\n  Spawner default/foo\n");
  });

  it("a malformed or missing schedule file is an error naming the line, or the file", async () => {
    const file = join(dir, "bad.schedule");
    await writeFile(file, "kamera-schedule 1\nSpawner default/foo choose\n");
    const bad = await kamera("replay", "duplicate-invariant", "--schedule", file);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(`error: ${file}:2: expected "choose <label>=<index>", got "choose"\n`);
    const missing = await kamera("replay", "duplicate-invariant", "--schedule", join(dir, "nope.schedule"));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`--schedule ${join(dir, "nope.schedule")}: no such file`);
    const empty = join(dir, "empty.schedule");
    await writeFile(empty, "kamera-schedule 1\n");
    const unknown = await kamera("replay", "nope", "--schedule", empty);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("(run 'kamera replay --help' for usage)");
    const noFlag = await kamera("replay", "duplicate-invariant");
    expect(noFlag.code).toBe(2);
    expect(noFlag.err).toContain("required option '--schedule <file>' not specified");
  });
});

describe("kamera explore --export-tests", () => {
  it("writes one test per violated invariant, importing the example's module, and says how far it shrank", async () => {
    const out = join(dir, "exported");
    const { code, err } = await kamera("explore", "duplicate-invariant", "--no-interactive", "--export-tests", out, "--reduction", "none");
    expect(code).toBe(3);
    expect(err).toContain(`Test written to ${join(out, "duplicate-invariant.violation-no-more-pods-than-replicas.test.ts")} (2 steps, not shrinkable)`);
    expect(await readdir(out)).toEqual(["duplicate-invariant.violation-no-more-pods-than-replicas.test.ts"]);
    const text = await readFile(join(out, "duplicate-invariant.violation-no-more-pods-than-replicas.test.ts"), "utf8");
    expect(text).toMatch(/import scenario from ".*\/examples\/duplicate-invariant\/scenario\.ts";/);
    expect(text).toContain("Spawner default/foo\nSpawner default/foo\n");
  });

  it("still writes the tests when the dump cannot be saved, and exits 1", async () => {
    const out = join(dir, "unsaved");
    const { code, out: stdout, err } = await kamera("explore", "duplicate-invariant", "--no-interactive", "--export-tests", out, "--reduction", "none", "--dump-output", "/proc/version");
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Exploration of duplicate-invariant: complete\n/);
    expect(await readdir(out)).toEqual(["duplicate-invariant.violation-no-more-pods-than-replicas.test.ts"]);
    expect(err).toContain("error: cannot save dump to /proc/version");
  });

  it("finds a bundled bug's module by the scenario's name (its factory builds a new object each time)", async () => {
    const out = join(dir, "bugs");
    const { err } = await kamera("explore", "rabbitmq-stale-deletion", "--no-interactive", "--export-tests", out);
    expect(err).toContain("rabbitmq-stale-deletion.violation-a-live-cluster-keeps-its-statefulset.test.ts (1 step, not shrinkable)");
    const text = await readFile(join(out, "rabbitmq-stale-deletion.violation-a-live-cluster-keeps-its-statefulset.test.ts"), "utf8");
    expect(text).toMatch(/import scenario from ".*\/examples\/bugs\/rabbitmq-stale-deletion\/scenario\.ts";/);
  });

  it("writes a test per livelock", async () => {
    const out = join(dir, "livelocks");
    const { err } = await kamera("explore", "livelock", "--no-interactive", "--export-tests", out, "--reduction", "none");
    expect(err).toMatch(/Test written to .*livelock\.livelock-[0-9a-f]{8}\.test\.ts \(3 steps, not shrinkable\)/);
  });

  it("refuses a target that is a file, or empty, before exploring, as a usage error", async () => {
    const file = join(dir, "afile");
    await writeFile(file, "");
    for (const [target, message] of [
      [file, `error: --export-tests ${file}: is a file; give a directory\n`],
      [join(file, "sub"), `error: --export-tests ${join(file, "sub")}: ${file} is a file, not a directory\n`],
      ["", "error: option '--export-tests <dir>' argument '' is invalid. Expected a directory.\n"],
    ]) {
      const r = await kamera("explore", "duplicate-invariant", "--no-interactive", "--export-tests", target!);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toBe(`${message}(run 'kamera explore --help' for usage)\n`);
    }
  });

  it("says when there is nothing to export, and refuses flags a test could not replay", async () => {
    const quiet = await kamera("explore", "trivial", "--no-interactive", "--export-tests", join(dir, "none"));
    expect(quiet.code).toBe(0);
    expect(quiet.err).toContain("No test exported: no violation, livelock or failing reconciler was found");
    const conflict = await kamera("explore", "zookeeper", "--no-interactive", "--export-tests", dir, "--staleness", "ZookeeperReconciler:zookeeper.pravega.io/ZookeeperCluster=1");
    expect(conflict.code).toBe(2);
    expect(conflict.err).toContain("--export-tests cannot be combined with --staleness");
  });
});
