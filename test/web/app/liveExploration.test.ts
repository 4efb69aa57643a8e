import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildExploreResult } from "../../../src/explore/buildExploreResult.ts";
import { GraphDeltaRecorder } from "../../../src/inspect/web/app/graphDeltaRecorder.ts";
import { LiveExploration, type LiveUpdate } from "../../../src/inspect/web/app/liveExploration.ts";
import type { FromWorker, ToWorker } from "../../../src/inspect/web/app/workerProtocol.ts";
import { fixtureGraph } from "../fixtureRun.ts";

/** Stands in for the browser's Worker: keeps what the page sends and lets the test answer. */
class FakeWorker {
  static last: FakeWorker | undefined;
  readonly sent: ToWorker[] = [];
  onmessage: ((event: { data: FromWorker }) => void) | undefined;
  onerror: unknown;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(message: ToWorker): void {
    this.sent.push(message);
  }
  terminate(): void {}
}

beforeAll(() => {
  vi.stubGlobal("Worker", FakeWorker);
});

afterAll(() => {
  vi.unstubAllGlobals();
});

describe("LiveExploration", () => {
  it("gives the finished run the warnings of the worker's done message", () => {
    const updates: LiveUpdate[] = [];
    const live = new LiveExploration({ ready: () => undefined, update: (u) => updates.push(u), failed: (message) => expect.fail(message) });
    live.start("fixture", {});
    const worker = FakeWorker.last!;
    expect(worker.sent).toEqual([{ type: "start", scenario: "fixture", settings: {} }]);
    const graph = fixtureGraph();
    const { stats } = buildExploreResult(graph);
    const warnings = ['.for("webapp.example.com/Bar") of reconciler "BarController": no object of that kind exists in any explored state'];
    worker.onmessage!({ data: { type: "done", delta: new GraphDeltaRecorder().next(graph, graph.stepCount()), stats, complete: true, warnings } });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ running: false, complete: true });
    expect(updates[0]!.run.warnings).toEqual(warnings);
    expect(updates[0]!.run.graph.stateCount()).toBe(graph.stateCount());
  });
});
