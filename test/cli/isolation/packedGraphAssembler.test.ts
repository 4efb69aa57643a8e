import { describe, expect, it } from "vitest";
import { bundledScenarios } from "../../../examples/index.ts";
import type { IsolatedLogRecord } from "../../../src/cli/isolation/isolatedProtocol.ts";
import { PackedGraphAssembler } from "../../../src/cli/isolation/packedGraphAssembler.ts";
import { isEmpty } from "../../../src/cli/isolation/packedGraphDelta.ts";
import { PackedGraphRecorder } from "../../../src/cli/isolation/packedGraphRecorder.ts";
import type { PackedResultGraph } from "../../../src/cli/isolation/packedResultGraph.ts";
import { SharedLogReader, SharedLogWriter } from "../../../src/cli/isolation/sharedRecordLog.ts";
import { CoreResultGraph } from "../../../src/explore/coreResultGraph.ts";
import type { ResultGraph } from "../../../src/explore/resultGraph.ts";

/**
 * Explores `example` in this thread while recording its graph as an isolated run's worker does
 * (a delta before every reconcile and at progress ticks, through the shared log), and returns the
 * live graph with the graph assembled from the log.
 */
async function streamed(example: string, reduction: "none" | "por"): Promise<{ live: ResultGraph; copy: PackedResultGraph; deltas: number }> {
  const { builder, initial } = bundledScenarios.find((s) => s.name === example)!.build();
  const reader = new SharedLogReader();
  const writer = new SharedLogWriter((chunk) => reader.add(chunk));
  let recorder: PackedGraphRecorder | undefined;
  let deltas = 0;
  const record = (full: boolean) => {
    const graph = run.graph;
    recorder ??= new PackedGraphRecorder((graph as CoreResultGraph).stateCodec()!);
    const delta = full ? recorder.next(graph, graph.stepCount()) : recorder.nextNew(graph, graph.stepCount(), []);
    if (isEmpty(delta)) return;
    deltas++;
    writer.append({ tables: delta.tables } satisfies IsolatedLogRecord, delta.numbers);
  };
  const run = builder.build().start(initial, {
    reduction,
    progressIntervalMs: 0,
    observers: [{ userCodeStarted: () => record(false), progress: () => record(true) }],
  });
  const end = await run.done;
  record(true);
  expect(run.graph).toBeInstanceOf(CoreResultGraph);
  const assembler = new PackedGraphAssembler();
  for (const { value, numbers } of reader.read()) assembler.receive({ tables: (value as IsolatedLogRecord).tables!, numbers });
  return { live: run.graph, copy: assembler.graph(end.complete), deltas };
}

function expectSameGraph(copy: ResultGraph, live: ResultGraph): void {
  expect(copy.stateCount()).toBe(live.stateCount());
  expect(copy.edgeCount()).toBe(live.edgeCount());
  for (let s = 0; s < live.stateCount(); s++) {
    expect(copy.stateId(s)).toBe(live.stateId(s));
    expect(copy.depth(s)).toBe(live.depth(s));
    expect(copy.outcome(s)).toEqual(live.outcome(s));
    expect(copy.objects(s)).toEqual(live.objects(s));
    expect(copy.pending(s)).toEqual(live.pending(s));
    expect(Array.from(copy.successors(s))).toEqual(Array.from(live.successors(s)));
    expect(Array.from(copy.predecessors(s))).toEqual(Array.from(live.predecessors(s)));
  }
  for (let e = 0; e < live.edgeCount(); e++) {
    expect(copy.edge(e)).toEqual(live.edge(e));
    expect(copy.step(copy.edge(e)[2])).toEqual(live.step(live.edge(e)[2]));
  }
  expect(copy.pathCounts()).toEqual(live.pathCounts());
  expect(copy.components()).toEqual(live.components());
}

describe("an isolated run's graph, streamed as numbers and assembled on the main thread", () => {
  for (const [example, reduction] of [
    ["ownership-race", "none"],
    ["livelock", "none"],
    ["config-mirror", "por"],
  ] as const) {
    it(`${example} (reduction ${reduction}): every state's id, depth, outcome, objects (in world order), pending list, edges and steps are the live graph's`, async () => {
      const { live, copy, deltas } = await streamed(example, reduction);
      expect(deltas).toBeGreaterThan(1);
      expectSameGraph(copy, live);
    });
  }

  it("states that share a world share its objects: one frozen list, made when first asked for", async () => {
    const { live, copy } = await streamed("ownership-race", "none");
    const byWorld = new Map<string, number>();
    let shared = 0;
    for (let s = 0; s < live.stateCount(); s++) {
      const key = live.objects(s).map((o) => JSON.stringify(o)).join("\n");
      const first = byWorld.get(key);
      if (first === undefined) byWorld.set(key, s);
      else {
        shared++;
        expect(copy.objects(s)).toBe(copy.objects(first));
      }
      expect(Object.isFrozen(copy.objects(s))).toBe(true);
    }
    expect(shared).toBeGreaterThan(0);
  });

  it("a delta that refers to what was never sent is refused, naming it", async () => {
    const { builder, initial } = bundledScenarios.find((s) => s.name === "ownership-race")!.build();
    const run = builder.build().start(initial, {});
    await run.done;
    const delta = new PackedGraphRecorder((run.graph as CoreResultGraph).stateCodec()!).next(run.graph, run.graph.stepCount());
    const assembler = new PackedGraphAssembler();
    // The numbers without the tables they refer to (the objects, keys and step records sent with them).
    assembler.receive({ tables: { objects: [], keys: [], requests: [], outcomes: delta.tables.outcomes, records: [] }, numbers: delta.numbers });
    expect(() => assembler.graph(true)).toThrow(/isolated run: the graph refers to (key|object|pending reconcile|step record) 0, which was never sent/);
  });
});
