import type { Effect } from "../../apiserver/effect.ts";
import type { PendingReconcile } from "../../explore/exploreResult.ts";
import type { StateOutcome } from "../../explore/stateOutcome.ts";
import type { StepRecord } from "../../explore/stepRecord.ts";
import { KameraError } from "../../kameraError.ts";
import type { KubeObject } from "../../objects/kubeObject.ts";
import { ArrayResultGraph, type ArrayGraphState } from "../../results/arrayResultGraph.ts";
import type { PackedEffect, PackedGraphDelta, PackedStepRecord } from "./packedGraphDelta.ts";

/**
 * Rebuilds, on the main thread, the graph an isolated run's worker streams as packed deltas (see
 * `PackedGraphRecorder`). Deltas are only queued as they arrive: nothing on this thread looks at
 * the graph while the search runs, so they are unpacked when the graph is asked for (at the end,
 * or when the worker is stopped), in the order they came.
 *
 * @example
 * ```ts
 * const assembler = new PackedGraphAssembler();
 * worker.on("message", (m) => assembler.receive(m.delta));
 * const graph = assembler.graph(true);
 * ```
 */
export class PackedGraphAssembler {
  private readonly queue: PackedGraphDelta[] = [];
  private readonly objects: KubeObject[] = [];
  private readonly pendings: PendingReconcile[] = [];
  private readonly records: StepRecord[] = [];
  private readonly outcomes: StateOutcome[] = [];
  private readonly states: ArrayGraphState[] = [];
  private readonly steps: StepRecord[] = [];
  private readonly edges: [number, number, number][] = [];
  private cached: ArrayResultGraph | undefined;
  private cachedComplete: boolean | undefined;

  /** Queues a delta; deltas must be received in the order the worker sent them. */
  receive(delta: PackedGraphDelta): void {
    this.queue.push(delta);
  }

  /** Number of states received so far. */
  get stateCount(): number {
    this.unpackQueued();
    return this.states.length;
  }

  /** The graph received so far (rebuilt only when something changed since the last call). */
  graph(complete: boolean): ArrayResultGraph {
    this.unpackQueued();
    if (this.cached === undefined || this.cachedComplete !== complete) {
      this.cached = new ArrayResultGraph({ states: this.states.slice(), steps: this.steps.slice(), edges: this.edges.slice(), complete });
      this.cachedComplete = complete;
    }
    return this.cached;
  }

  /** Gives state `state` (received already) another outcome, as when the code expanding it was cut short. */
  setOutcome(state: number, outcome: StateOutcome): void {
    this.unpackQueued();
    const known = this.states[state];
    if (known === undefined) throw new RangeError(`no state ${state}`);
    this.states[state] = { ...known, outcome };
    this.cached = undefined;
  }

  private unpackQueued(): void {
    for (const delta of this.queue) this.unpack(delta);
    this.queue.length = 0;
  }

  private unpack(delta: PackedGraphDelta): void {
    for (const o of delta.objects) this.objects.push(o);
    for (const p of delta.pendings) this.pendings.push(p);
    for (const o of delta.outcomes) this.outcomes.push(o);
    for (const r of delta.records) this.records.push(this.unpackRecord(r));
    const { changed, added } = delta;
    for (let i = 0; i < changed.states.length; i++) {
      const s = changed.states[i]!;
      const known = this.states[s];
      if (known === undefined) throw new KameraError(`isolated run: a change to state ${s} arrived before the state (deltas out of order)`);
      this.states[s] = { ...known, outcome: this.table(this.outcomes, changed.outcomes[i]!, "outcome"), depth: changed.depths[i]! };
    }
    let objectAt = 0;
    let pendingAt = 0;
    for (let i = 0; i < added.ids.length; i++) {
      const objects: KubeObject[] = [];
      for (const end = added.objectEnds[i]!; objectAt < end; objectAt++) objects.push(this.table(this.objects, added.objects[objectAt]!, "object"));
      const pending: PendingReconcile[] = [];
      for (const end = added.pendingEnds[i]!; pendingAt < end; pendingAt++) pending.push(this.table(this.pendings, added.pendings[pendingAt]!, "pending reconcile"));
      this.states.push({ id: added.ids[i]!, depth: added.depths[i]!, outcome: this.table(this.outcomes, added.outcomes[i]!, "outcome"), objects, pending });
    }
    for (let i = 0; i < delta.steps.length; i++) this.steps.push(this.table(this.records, delta.steps[i]!, "step record"));
    const e = delta.edges;
    for (let i = 0; i + 2 < e.length; i += 3) this.edges.push([e[i]!, e[i + 1]!, e[i + 2]!]);
    this.cached = undefined;
  }

  private unpackRecord(packed: PackedStepRecord): StepRecord {
    const record: Record<string, unknown> = {};
    for (const key of Object.keys(packed)) {
      const value = packed[key as keyof PackedStepRecord];
      record[key] = key === "effects" && Array.isArray(value) ? (value as PackedEffect[]).map((e) => this.unpackEffect(e)) : value;
    }
    return record as unknown as StepRecord;
  }

  private unpackEffect(packed: PackedEffect): Effect {
    const effect: Record<string, unknown> = {};
    for (const key of Object.keys(packed)) {
      const value = packed[key as keyof PackedEffect];
      effect[key] = (key === "before" || key === "after") && typeof value === "number" ? this.table(this.objects, value, "object") : value;
    }
    return effect as unknown as Effect;
  }

  private table<T>(table: T[], index: number, what: string): T {
    const entry = table[index];
    if (entry === undefined) throw new KameraError(`isolated run: the graph refers to ${what} ${index}, which was never sent`);
    return entry;
  }
}
