import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ExplorerBuilder } from "../../../src/index.ts";
import { registerScenario } from "../../../src/scenarioRegistry.ts";
import type { Scenario } from "../../../src/scenario.ts";
import type { FromWorker, ToWorker } from "../../../src/inspect/web/app/workerProtocol.ts";

/** A top-level ConfigMap handed to a reconciler of Foos: explore() warns about it. */
const misconfigured: Scenario = {
  name: "misconfigured",
  description: "a ConfigMap given to the Foo reconciler",
  build() {
    const eb = new ExplorerBuilder();
    eb.withReconciler("FooController", () => ({ reconcile() {} })).for("webapp.example.com/Foo");
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } };
    return { builder: eb, initial: eb.initialState().addTopLevelObject(cm, "FooController").build() };
  },
};

/** The worker's global scope, as far as the worker uses it. */
const scope = { postMessage: (message: FromWorker) => received.push(message), onmessage: undefined as ((e: { data: ToWorker }) => void) | undefined };
const received: FromWorker[] = [];

beforeAll(async () => {
  // The worker lists the scenarios registered when it loads, and talks through `self`.
  registerScenario(misconfigured);
  vi.stubGlobal("self", scope);
  await import("../../../src/inspect/web/app/explorationWorker.ts");
});

afterAll(() => {
  vi.unstubAllGlobals();
});

describe("the exploration worker", () => {
  it("sends the run's warnings in its done message, the same explore() reports", async () => {
    expect(received[0]).toMatchObject({ type: "ready", scenarios: expect.arrayContaining([{ name: "misconfigured", description: misconfigured.description }]) });
    scope.onmessage!({ data: { type: "start", scenario: "misconfigured", settings: {} } });
    await vi.waitFor(() => expect(received.some((m) => m.type === "done" || m.type === "failed")).toBe(true), { timeout: 15_000 });
    expect(received.filter((m) => m.type === "failed")).toEqual([]);
    const done = received.find((m) => m.type === "done");
    const { builder, initial } = misconfigured.build();
    const { warnings } = await builder.build().explore(initial);
    expect(warnings.length).toBeGreaterThan(0);
    expect(done).toMatchObject({ type: "done", complete: true, warnings });
  });
});
