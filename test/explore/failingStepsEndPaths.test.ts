import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExplorerBuilder, loadDump, pathSignature, saveDump, type Client, type KubeObject, type Request } from "../../src/index.ts";

type ConfigMap = KubeObject & { data?: Record<string, string> };
const cm: ConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" }, data: {} };

/** "A" always throws, writing nothing: its failing step leads back to the state it ran in. */
function alwaysThrows() {
  const eb = new ExplorerBuilder();
  eb.withReconciler("A", () => ({
    reconcile() {
      throw new Error("A broke");
    },
  })).for("core/ConfigMap");
  return { eb, initial: eb.initialState().addTopLevelObject(cm, "A").build() };
}

/** "Writer" marks the ConfigMap done; "Flaky" throws until it is done, writing nothing. */
function flakyUntilDone() {
  const eb = new ExplorerBuilder();
  eb.withReconciler("Writer", (c: Client) => ({
    async reconcile(req: Request) {
      const o = await c.get<ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", ...req });
      if (!o.data?.done) await c.update({ ...o, data: { done: "yes" } });
    },
  })).for("core/ConfigMap");
  eb.withReconciler("Flaky", (c: Client) => ({
    async reconcile(req: Request) {
      const o = await c.get<ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", ...req });
      if (!o.data?.done) throw new Error("not done yet");
    },
  })).for("core/ConfigMap");
  return { eb, initial: eb.initialState().addTopLevelObject(cm, "Writer", "Flaky").build() };
}

describe("under abortOnError a failing step ends its path", () => {
  it("a reconcile that throws without writing aborts the state with one path, ending in the failing step, not unboundedly many", async () => {
    const { eb, initial } = alwaysThrows();
    const r = await eb.build().explore(initial, { abortOnError: true });
    expect(r.abortedStates).toHaveLength(1);
    const [aborted] = r.abortedStates;
    expect(aborted!.reason).toBe("error");
    expect(aborted!.pathCountInfinite).toBe(false);
    expect(aborted!.pathCount).toBe(1n);
    expect(aborted!.paths.map(pathSignature)).toEqual(["A@0!"]);
  });

  it("states reached past a state where a reconcile failed without writing keep finite path counts", async () => {
    const { eb, initial } = flakyUntilDone();
    const r = await eb.build().explore(initial, { abortOnError: true, reduction: "none" });
    expect(r.abortedStates.map((s) => [s.reason, s.pathCount, s.pathCountInfinite, s.paths.map(pathSignature)])).toEqual([["error", 1n, false, ["Flaky@0!"]]]);
    expect(r.convergedStates).toHaveLength(1);
    // Writer then Flaky, or Flaky's no-op retry first: two paths, none going round the failing step.
    expect(r.convergedStates.map((s) => [s.pathCount, s.pathCountInfinite])).toEqual([[2n, false]]);
  });

  it("a loaded dump counts the same paths", async () => {
    const { eb, initial } = alwaysThrows();
    const r = await eb.build().explore(initial, { abortOnError: true });
    const file = join(await mkdtemp(join(tmpdir(), "kamera-failing-")), "run.kamera");
    await saveDump(r, file);
    const loaded = await loadDump(file);
    expect(loaded.abortedStates.map((s) => [s.pathCount, s.pathCountInfinite, s.paths.map(pathSignature)])).toEqual([[1n, false, ["A@0!"]]]);
  });

  it("without abortOnError a reconcile that fails on every retry still has unboundedly many paths to its state", async () => {
    const { eb, initial } = alwaysThrows();
    const r = await eb.build().explore(initial);
    expect(r.keepsFailing).toHaveLength(1);
    expect(r.keepsFailing[0]!.pathCountInfinite).toBe(true);
  });
});
