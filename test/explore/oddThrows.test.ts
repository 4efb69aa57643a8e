import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExplorerBuilder, KameraError, loadDump, saveDump, type ReconcileResult } from "../../src/index.ts";

const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" }, data: {} };

/** An exploration of one reconciler doing `reconcile` on one ConfigMap, aborting on the first error. */
async function exploreWith(reconcile: () => unknown) {
  const eb = new ExplorerBuilder();
  eb.withReconciler("Odd", () => ({ reconcile: reconcile as () => ReconcileResult })).for("core/ConfigMap");
  const initial = eb.initialState().addTopLevelObject(cm, "Odd").build();
  return eb.build().explore(initial, { abortOnError: true });
}

async function errorOf(reconcile: () => unknown): Promise<string> {
  const r = await exploreWith(reconcile);
  expect(r.abortedStates).toHaveLength(1);
  return r.abortedStates[0]!.error!;
}

describe("formatting what a reconciler throws or returns never throws", () => {
  it("a thrown circular object is described with the cycle marked", async () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    expect(await errorOf(() => { throw o; })).toBe('thrown: {"a":1,"self":"[Circular]"}');
  });

  it("a thrown BigInt is described as a BigInt", async () => {
    expect(await errorOf(() => { throw 10n; })).toBe("thrown: 10n");
  });

  it("an Error whose message getter throws is described by its name", async () => {
    const e = new RangeError("hidden");
    Object.defineProperty(e, "message", { get() { throw new Error("no message for you"); } });
    expect(await errorOf(() => { throw e; })).toBe("RangeError (its message could not be read)");
  });

  it("a thrown object without a prototype is described", async () => {
    const bare = Object.assign(Object.create(null) as object, { code: 7 });
    expect(await errorOf(() => { throw bare; })).toBe('thrown: {"code":7}');
  });

  it("a reconciler returning 10n is an error on its step naming the value", async () => {
    expect(await errorOf(() => 10n)).toBe("reconcile of Odd returned 10n; expected undefined or { requeue?, requeueAfter? }");
  });
});

describe("requeueAfter must be a finite delay", () => {
  for (const bad of [Infinity, NaN, -5]) {
    it(`{ requeueAfter: ${bad} } is rejected at the step`, async () => {
      expect(await errorOf(() => ({ requeueAfter: bad }))).toBe(
        `reconcile of Odd returned { requeueAfter: ${bad} }; requeueAfter must be a finite number of milliseconds, 0 or more`,
      );
    });
  }

  it("a result with { requeueAfter: Infinity } saves to a dump that loads again", async () => {
    const r = await exploreWith(() => ({ requeueAfter: Infinity }));
    const path = join(mkdtempSync(join(tmpdir(), "kamera-odd-")), "odd.json");
    await saveDump(r, path);
    const loaded = await loadDump(path);
    expect(loaded.abortedStates[0]!.error).toContain("requeueAfter must be a finite number");
  });
});

describe("invariants", () => {
  it("an async invariant is a configuration error, not a violation that says it returned {}", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("Noop", () => ({ reconcile() {} })).for("core/ConfigMap");
    eb.withInvariant("async-check", (async () => true) as never);
    const initial = eb.initialState().addTopLevelObject(cm, "Noop").build();
    const run = eb.build().explore(initial);
    await expect(run).rejects.toThrow(KameraError);
    await expect(run).rejects.toThrow(/invariant "async-check" returned a Promise/);
  });

  it("an invariant throwing a circular object is a violation with a readable message", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("Noop", () => ({ reconcile() {} })).for("core/ConfigMap");
    const o: Record<string, unknown> = {};
    o.o = o;
    eb.withInvariant("cyclic", () => { throw o; });
    const initial = eb.initialState().addTopLevelObject(cm, "Noop").build();
    const r = await eb.build().explore(initial);
    expect(r.violations[0]!.message).toBe('invariant threw: thrown: {"o":"[Circular]"}');
  });
});
