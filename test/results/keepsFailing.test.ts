import { describe, expect, it } from "vitest";
import { ExplorerBuilder, type Client } from "../../src/index.ts";
import { formatPlainSummary } from "../../src/cli/plainSummary.ts";
import { jsonSummary } from "../../src/cli/jsonSummary.ts";
import { saveDump, loadDump } from "../../src/results/dump.ts";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

type ConfigMap = { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; data?: Record<string, string> };
const cm = (name: string, data: Record<string, string> = {}): ConfigMap => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data });

function boom(): { eb: ExplorerBuilder; initial: ReturnType<ReturnType<ExplorerBuilder["initialState"]>["build"]> } {
  const eb = new ExplorerBuilder();
  eb.withReconciler("Boom", () => ({
    reconcile() {
      throw new Error("cannot reach the database"); // the line the report must point at
    },
  })).for("core/ConfigMap");
  return { eb, initial: eb.initialState().addTopLevelObject(cm("x"), "Boom").build() };
}

/** Two reconcilers flipping a field forever: a real livelock, no errors. */
function fighters(): { eb: ExplorerBuilder; initial: ReturnType<ReturnType<ExplorerBuilder["initialState"]>["build"]> } {
  const eb = new ExplorerBuilder();
  const flip = (to: string) => (c: Client) => ({
    async reconcile(req: { namespace: string; name: string }) {
      const o = await c.get<ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", ...req });
      if (o.data?.mode !== to) await c.update({ ...o, data: { mode: to } });
    },
  });
  eb.withReconciler("ToA", flip("a")).for("core/ConfigMap");
  eb.withReconciler("ToB", flip("b")).for("core/ConfigMap");
  return { eb, initial: eb.initialState().addTopLevelObject(cm("x", { mode: "a" }), "ToA", "ToB").build() };
}

describe("a reconciler that fails on every retry", () => {
  it("is reported as keeps-failing, with its error, its request and the line of the user's code that threw", async () => {
    const { eb, initial } = boom();
    const r = await eb.build().explore(initial);
    expect(r.nonConverging).toEqual([]);
    expect(r.keepsFailing).toHaveLength(1);
    const s = r.keepsFailing[0]!;
    expect(s.reason).toBe("keeps-failing");
    expect(s.error).toBe("Error: cannot reach the database");
    expect(s.failedReconcile).toEqual({ reconcilerId: "Boom", request: { namespace: "default", name: "x" } });
    expect(s.errorLocation).toMatch(/^test\/results\/keepsFailing\.test\.ts:17:\d+$/);
    expect(s.cycle!.map((step) => step.error)).toEqual(["Error: cannot reach the database"]);
  });

  it("is printed in the plain summary and in --json, not as a livelock", async () => {
    const { eb, initial } = boom();
    const r = await eb.build().explore(initial);
    const text = formatPlainSummary(r);
    expect(text).toMatch(/Failing reconcilers \(fail on every retry\): 1\n {2}[0-9a-f]{16} {2}Boom default\/x keeps failing: Error: cannot reach the database\n {4}at test\/results\/keepsFailing\.test\.ts:17:\d+\n/);
    expect(text).toContain("Non-converging states (livelocks): 0");
    const json = jsonSummary(r);
    expect(json.keepsFailing).toHaveLength(1);
    expect(json.keepsFailing[0]).toMatchObject({ reason: "keeps-failing", error: "Error: cannot reach the database", cycle: "Boom@0!" });
    expect(json.keepsFailing[0]!.errorLocation).toMatch(/keepsFailing\.test\.ts:17:/);
    expect(json.nonConverging).toEqual([]);
  });

  it("survives a dump round trip with its error location", async () => {
    const { eb, initial } = boom();
    const r = await eb.build().explore(initial);
    const file = join(await mkdtemp(join(tmpdir(), "kamera-failing-")), "run.dump.json");
    await saveDump(r, file);
    const loaded = await loadDump(file);
    expect(loaded.keepsFailing.map((s) => [s.reason, s.error, s.errorLocation])).toEqual(r.keepsFailing.map((s) => [s.reason, s.error, s.errorLocation]));
  });

  it("under abortOnError, the aborted state names the line that threw, in the result and the summary", async () => {
    const { eb, initial } = boom();
    const r = await eb.build().explore(initial, { abortOnError: true });
    expect(r.keepsFailing).toEqual([]);
    expect(r.abortedStates[0]!.errorLocation).toMatch(/^test\/results\/keepsFailing\.test\.ts:17:\d+$/);
    expect(formatPlainSummary(r)).toMatch(/in Boom default\/x: Error: cannot reach the database \(at test\/results\/keepsFailing\.test\.ts:17:\d+\)/);
  });

  it("says a reconcile that never settles timed out, and after how long", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("Hang", () => ({ reconcile: () => new Promise<void>(() => {}) })).for("core/ConfigMap");
    const initial = eb.initialState().addTopLevelObject(cm("x"), "Hang").build();
    const r = await eb.build().explore(initial, { reconcileTimeoutMs: 1000 });
    expect(r.keepsFailing).toHaveLength(1);
    expect(r.keepsFailing[0]!.error).toMatch(/^ReconcileTimeout: reconcile of Hang on default\/x timed out after 1 s/);
    // kamera's timer raised it: there is no line of the user's code to point at.
    expect(r.keepsFailing[0]!.errorLocation).toBeUndefined();
  });
});

describe("a real livelock", () => {
  it("stays a livelock: reconcilers that write without failing are not failing reconcilers", async () => {
    const { eb, initial } = fighters();
    const r = await eb.build().explore(initial);
    expect(r.keepsFailing).toEqual([]);
    expect(r.nonConverging.length).toBeGreaterThan(0);
    expect(r.nonConverging.every((s) => s.reason === "livelock")).toBe(true);
  });
});
