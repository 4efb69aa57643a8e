import { describe, expect, it } from "vitest";
import { ExplorerBuilder, KameraError, type Client } from "../../src/index.ts";

const cm = (name: string, data: Record<string, string> = {}) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data });

describe("registering reconcilers", () => {
  it("a bad kind is an error at registration", () => {
    const eb = new ExplorerBuilder();
    expect(() => eb.withReconciler("R", () => ({ reconcile() {} })).for("ConfigMap")).toThrow(KameraError);
  });

  it("a duplicate reconciler id is an error", () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("R", () => ({ reconcile() {} })).for("core/ConfigMap");
    expect(() => eb.withReconciler("R", () => ({ reconcile() {} }))).toThrow(/already registered/);
  });

  it("a reconciler without .for is an error at build", () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("R", () => ({ reconcile() {} }));
    expect(() => eb.build()).toThrow(/"R" has no \.for\(kind\)/);
  });

  it("an unknown reconciler id in the initial state is an error naming the registered ones", () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("R", () => ({ reconcile() {} })).for("core/ConfigMap");
    expect(() => eb.initialState().enqueue("Nope", { namespace: "default", name: "x" })).toThrow(/unknown reconciler id "Nope"; registered: R/);
    expect(() => eb.initialState().addTopLevelObject(cm("x"), "Nope")).toThrow(/unknown reconciler id "Nope"/);
  });

  it("a seeded object without a name or a namespace is an error naming it", () => {
    const eb = new ExplorerBuilder();
    expect(() => eb.initialState().addObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "default" } })).toThrow(/has no metadata.name/);
    expect(() => eb.initialState().addObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } })).toThrow(/namespaced kind core\/ConfigMap but has no metadata.namespace/);
  });

  it("a seeded name or namespace of the wrong type is an error saying so, not that it is missing", () => {
    const eb = new ExplorerBuilder();
    const wrong = (metadata: object) => ({ apiVersion: "v1", kind: "ConfigMap", metadata }) as never;
    expect(() => eb.initialState().addObject(wrong({ name: 5, namespace: "default" }))).toThrow(/^addObject: ConfigMap's metadata.name must be a string, got 5$/);
    expect(() => eb.initialState().addObject(wrong({ name: "x", namespace: 7 }))).toThrow(/^addObject: ConfigMap x's metadata.namespace must be a string, got 7$/);
  });

  it("a pending request whose namespace is not a string is an error", () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("R", () => ({ reconcile() {} })).for("core/ConfigMap");
    expect(() => eb.initialState().enqueue("R", { namespace: 5 as never, name: "x" })).toThrow(/^enqueue\("R"\): the request's namespace must be a string, got 5$/);
  });

  it("a mask that reaches an object's name or namespace is an error saying it is the object's identity", () => {
    const eb = new ExplorerBuilder();
    const cases: [string, string][] = [
      ["metadata.name", "metadata.name"],
      ["metadata.namespace", "metadata.namespace"],
      ["metadata", "metadata.name"],
      ["metadata.*", "metadata.name"],
      ["*", "metadata.name"],
    ];
    for (const [path, field] of cases) {
      let message = "";
      try {
        eb.withMask("core/ConfigMap", ["status.lastProbe", path]);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe(
        `withMask("core/ConfigMap"): "${path}" cannot be masked, because it reaches ${field}, the object's identity; mask narrower fields instead, such as "metadata.annotations" or "metadata.labels"`,
      );
    }
    expect(() => eb.withMask("core/ConfigMap", ["metadata.annotations", "metadata.labels.tier", "metadata\\.name", "*.lastProbe"])).not.toThrow();
  });

  it("bad explore options are errors", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("R", () => ({ reconcile() {} })).for("core/ConfigMap");
    const initial = eb.initialState().build();
    await expect(eb.build().explore(initial, { strategy: "sideways" as never })).rejects.toThrow(/strategy must be/);
    await expect(eb.build().explore(initial, { maxStates: -1 })).rejects.toThrow(/maxStates must be a positive integer/);
  });
});

describe("reconcile failures", () => {
  const throwing = () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("Thrower", () => ({
      reconcile() {
        throw new TypeError("boom");
      },
    })).for("core/ConfigMap");
    return { eb, initial: eb.initialState().addTopLevelObject(cm("x"), "Thrower").build() };
  };

  it("a reconciler that throws is requeued and the error recorded on the step: it keeps failing, not a crash", async () => {
    const { eb, initial } = throwing();
    const r = await eb.build().explore(initial);
    expect(r.nonConverging).toHaveLength(0);
    expect(r.keepsFailing).toHaveLength(1);
    expect(r.keepsFailing[0]!.cycle![0]!.error).toBe("TypeError: boom");
  });

  it("with abortOnError the branch is aborted with reason error and the failed reconcile", async () => {
    const { eb, initial } = throwing();
    const r = await eb.build().explore(initial, { abortOnError: true });
    expect(r.abortedStates).toHaveLength(1);
    expect(r.abortedStates[0]!.reason).toBe("error");
    expect(r.abortedStates[0]!.error).toContain("TypeError: boom");
    expect(r.abortedStates[0]!.failedReconcile).toEqual({ reconcilerId: "Thrower", request: { namespace: "default", name: "x" } });
  });

  it("a reconcile whose promise never settles becomes an error step saying it timed out, naming the reconciler and request", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("Hang", () => ({ reconcile: () => new Promise<void>(() => {}) })).for("core/ConfigMap");
    const initial = eb.initialState().addTopLevelObject(cm("x"), "Hang").build();
    const r = await eb.build().explore(initial, { reconcileTimeoutMs: 50, abortOnError: true });
    expect(r.abortedStates[0]!.error).toContain("reconcile of Hang on default/x timed out after 50 ms");
  });
});

describe("search bounds and checks", () => {
  const counter = (limit: number) => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("Counter", (c: Client) => ({
      async reconcile(req) {
        const o = await c.get<ReturnType<typeof cm>>({ apiVersion: "v1", kind: "ConfigMap", ...req });
        const n = Number(o.data.n ?? "0");
        if (n < limit) await c.update({ ...o, data: { n: String(n + 1) } });
      },
    })).for("core/ConfigMap");
    return { eb, initial: eb.initialState().addTopLevelObject(cm("x", { n: "0" }), "Counter").build() };
  };

  it("maxStates stops the search with complete false and the unexplored states as limit", async () => {
    const { eb, initial } = counter(50);
    const r = await eb.build().explore(initial, { maxStates: 5 });
    expect(r.complete).toBe(false);
    expect(r.stopReason).toBe("maxStates");
    expect(r.abortedStates.some((s) => s.reason === "limit")).toBe(true);
  });

  it("max depth cuts a branch off as max-depth", async () => {
    const { eb, initial } = counter(50);
    const r = await eb.build().explore(initial, { maxDepth: 3 });
    expect(r.abortedStates.map((s) => s.reason)).toEqual(["max-depth"]);
  });

  it("an aborted signal returns the partial result", async () => {
    const { eb, initial } = counter(50);
    const ac = new AbortController();
    ac.abort();
    const r = await eb.build().explore(initial, { signal: ac.signal });
    expect(r.complete).toBe(false);
    expect(r.stopReason).toBe("signal");
  });

  it("the determinism check names a reconciler whose writes differ between two runs on one view", async () => {
    let calls = 0;
    const eb = new ExplorerBuilder();
    eb.withReconciler("Flaky", (c: Client) => ({
      async reconcile(req) {
        const o = await c.get<ReturnType<typeof cm>>({ apiVersion: "v1", kind: "ConfigMap", ...req });
        if (!o.data.v) await c.update({ ...o, data: { v: String(calls++) } });
      },
    })).for("core/ConfigMap");
    const initial = eb.initialState().addTopLevelObject(cm("x"), "Flaky").build();
    const r = await eb.build().explore(initial, { determinismCheck: true });
    expect(r.nondeterministic.map((n) => n.reconcilerId)).toEqual(["Flaky"]);
  });

  it("bfs, dfs and random explore the same states", async () => {
    const sizes = [];
    for (const strategy of ["dfs", "bfs", "random"] as const) {
      const { eb, initial } = counter(6);
      sizes.push((await eb.build().explore(initial, { strategy, seed: 7 })).stats.uniqueStates);
    }
    expect(new Set(sizes).size).toBe(1);
  });
});
