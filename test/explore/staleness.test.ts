import { describe, expect, it } from "vitest";
import { StalenessModel, type Snapshot } from "../../src/explore/staleness.ts";
import type { ControllerRegistration } from "../../src/controllerRegistration.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";

const regs: ControllerRegistration[] = [
  { id: "R", factory: () => ({ reconcile() {} }), for: "example.com/A", owns: [], watches: [] },
  { id: "Other", factory: () => ({ reconcile() {} }), for: "example.com/A", owns: [], watches: [] },
];

let counter = 0n;
const snap = (_kind: string, objects: readonly KubeObject[], revision: number): Snapshot => ({ hash: ++counter, revision, objects });
const obj = (name: string, v: string): KubeObject => ({ apiVersion: "example.com/v1", kind: "A", metadata: { name, namespace: "d" }, spec: { v } });
const history = (n: number) => new Map([["example.com/A", Array.from({ length: n }, (_, i) => snap("example.com/A", [obj("a", String(i))], i + 1))]]);

describe("staleness views", () => {
  it("a restartable reconciler gets its current view plus one per allowed stale position", () => {
    const m = new StalenessModel(new Map([["R", { lookback: { "example.com/A": 3 }, maxRestarts: 1 }]]), regs, snap);
    const st = m.initial(history(5));
    const views = m.views(st, 0);
    // lookback 3 = the last three positions, the newest being the live one: 1 current + 2 stale.
    expect(views).toHaveLength(3);
    expect(views[0]!.staleView).toBeUndefined();
    expect(views.slice(1).map((v) => v.staleView)).toEqual([{ "example.com/A": 3 }, { "example.com/A": 4 }]);
  });

  it("lookback 0 allows any position, and a reconciler without staleness gets one view", () => {
    const m = new StalenessModel(new Map([["R", { lookback: { "example.com/A": 0 } }]]), regs, snap);
    const st = m.initial(history(5));
    expect(m.views(st, 0)).toHaveLength(5);
    expect(m.views(st, 1)).toHaveLength(1);
  });

  it("taking a stale view pins the watch and uses the path's restart, so no further restarts are offered", () => {
    const m = new StalenessModel(new Map([["R", { lookback: { "example.com/A": 2 }, maxRestarts: 1 }]]), regs, snap);
    const st = m.initial(history(3));
    const stale = m.views(st, 0)[1]!;
    const after = stale.cursorsAfter;
    expect(m.isPinned(after, 0, "example.com/A")).toBe(true);
    expect(m.isPinned(st, 0, "example.com/A")).toBe(false);
    const again = m.views(after, 0);
    expect(again).toHaveLength(1);
    expect(again[0]!.staleView).toEqual({ "example.com/A": 2 });
  });

  it("the cursor vector differs between pinned and live states and between positions", () => {
    const m = new StalenessModel(new Map([["R", { lookback: { "example.com/A": 0 }, maxRestarts: 1 }]]), regs, snap);
    const st = m.initial(history(3));
    const [live, at1, at2] = m.views(st, 0);
    const enc = (v: typeof live) => [...m.encode(v!.cursorsAfter)].join(",");
    expect(new Set([enc(live), enc(at1), enc(at2)]).size).toBe(3);
  });

  it("writes extend the history by one position each, and history no restart can reach is dropped", () => {
    const m = new StalenessModel(new Map([["R", { lookback: { "example.com/A": 2 }, maxRestarts: 1 }]]), regs, snap);
    const st = m.initial(history(1));
    const write = { op: "UPDATE" as const, kind: "example.com/A", namespace: "d", name: "a", after: { ...obj("a", "new"), metadata: { name: "a", namespace: "d", resourceVersion: "9" } } };
    const grown = m.afterWrites(st, [write, write, write]);
    expect(grown.history.get("example.com/A")!.map((s) => s.revision)).toEqual([9, 9]);
    // After the restart is used, only the live position is kept.
    const pinned = m.views(grown, 0)[1]!.cursorsAfter;
    expect(pinned.history.get("example.com/A")).toHaveLength(1);
  });
});

describe("staleness in an exploration", () => {
  it("a reconciler that writes the kind its staleness tracks explores to completion on both engines", async () => {
    const { ExplorerBuilder } = await import("../../src/index.ts");
    for (const engine of ["wasm", "reference"] as const) {
      const eb = new ExplorerBuilder();
      // Bumps a counter in its ConfigMap up to 2: each write is a new version of the tracked kind,
      // some of them first seen in a stale view's history.
      eb.withReconciler("Counter", (client) => ({
        async reconcile(req) {
          const cm = await client.get<KubeObject & { data: { n: string } }>({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: req.name });
          const n = Number(cm.data.n);
          if (n < 2) await client.update({ ...cm, data: { n: String(n + 1) } });
        },
      })).for("core/ConfigMap");
      eb.withStaleness("Counter", { lookback: { "core/ConfigMap": 2 }, maxRestarts: 1 });
      const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" }, data: { n: "0" } };
      const result = await eb.build().explore(eb.initialState().addTopLevelObject(cm, "Counter").build(), { engine });
      expect(result.complete).toBe(true);
      expect(result.convergedStates.map((s) => (s.objects[0] as { data?: { n?: string } }).data?.n)).toEqual(["2"]);
    }
  });
});
