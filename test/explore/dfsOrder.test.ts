import { describe, expect, it } from "vitest";
import { ExplorerBuilder, type Client, type KubeObject } from "../../src/index.ts";

const cm = (name: string): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data: {} });
const ref = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name });

/**
 * The order dfs expands states in, seen from the reconciles it runs: every reconcile is run (the
 * reconcile memo is off), and each run logs what it saw. The order of the log is the order of
 * the expansions, since a state's reconciles all run when it is expanded.
 */
describe.each(["wasm", "reference"] as const)("dfs on the %s engine", (engine) => {
  it("follows a ctx.choose's options in the order they are listed: the first option's whole subtree before the second", async () => {
    const log: string[] = [];
    const eb = new ExplorerBuilder();
    eb.withReconciler("Decider", (c: Client) => ({
      async reconcile(req, ctx) {
        const obj = await c.get<KubeObject & { data: Record<string, string> }>(ref(req.name));
        const path = obj.data.path ?? "";
        // ctx.choose runs the reconcile once per option: log each view once.
        if (log[log.length - 1] !== path) log.push(path);
        if (path.length === 2) return;
        const next = ctx.choose("next", ["a", "b"]);
        await c.update({ ...obj, data: { path: path + next } });
      },
    })).for("core/ConfigMap");
    const initial = eb.initialState().addTopLevelObject(cm("x"), "Decider").build();
    const result = await eb.build().explore(initial, { engine, memoizeReconciles: false });
    expect(result.complete).toBe(true);
    expect(log).toEqual(["", "a", "aa", "ab", "b", "ba", "bb"]);
  });

  it("expands first the state made by the first pending reconcile, in queue order", async () => {
    const log: string[] = [];
    const eb = new ExplorerBuilder();
    eb.withReconciler("Marker", (c: Client) => ({
      async reconcile(req) {
        const done = [];
        for (const name of ["x", "y"]) if ((await c.get<KubeObject & { data: Record<string, string> }>(ref(name))).data.done) done.push(name);
        log.push(`${req.name} after [${done.join(",")}]`);
        const obj = await c.get<KubeObject & { data: Record<string, string> }>(ref(req.name));
        if (!obj.data.done) await c.update({ ...obj, data: { done: "yes" } });
      },
    })).for("core/ConfigMap");
    const initial = eb.initialState().addTopLevelObject(cm("x"), "Marker").addTopLevelObject(cm("y"), "Marker").build();
    const result = await eb.build().explore(initial, { engine, memoizeReconciles: false });
    expect(result.complete).toBe(true);
    // The initial state runs x, then y; then the state x made is expanded (x, requeued by its own
    // write, then y), and only after everything below it, the state y made.
    expect(log.slice(0, 4)).toEqual(["x after []", "y after []", "x after [x]", "y after [x]"]);
    const firstBelowY = log.indexOf("x after [y]");
    expect(log.slice(2, firstBelowY).every((entry) => entry.includes("[x"))).toBe(true);
  });
});
