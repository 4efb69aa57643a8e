import type { Components, PathCounts } from "../../../bindings/core.ts";
import type { Effect } from "../../apiserver/effect.ts";
import type { StateOutcome } from "../../explore/stateOutcome.ts";
import type { StepRecord } from "../../explore/stepRecord.ts";
import { KameraError } from "../../kameraError.ts";
import type { KubeObject } from "../../objects/kubeObject.ts";
import { deltaColumns, type PackedEffect, type PackedGraphDelta, type PackedStepRecord } from "./packedGraphDelta.ts";
import { PackedResultGraph } from "./packedResultGraph.ts";

/**
 * Gathers, on the main thread, the graph an isolated run's worker streams as packed deltas (see
 * `PackedGraphRecorder`). Deltas are queued as they arrive and unpacked, in the order they came,
 * by `catchUp` (the watchdog calls it at progress ticks, while this thread has nothing else to
 * do) or when the graph is asked for (at the end, or when the worker is stopped). States stay
 * numbers (`PackedResultGraph`).
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
  private readonly keys: string[] = [];
  private readonly requests: string[] = [];
  private readonly records: StepRecord[] = [];
  private readonly outcomes: StateOutcome[] = [];
  /** Each state's fingerprint as two 32-bit halves. */
  private readonly ids = new IntColumn();
  private readonly depths = new IntColumn();
  private readonly outcomeIds = new IntColumn();
  private readonly worldOf = new IntColumn();
  private readonly pendingListOf = new IntColumn();
  private readonly worldSlots = new IntColumn();
  private readonly worldStart = new IntColumn([0]);
  private readonly pendingRequests = new IntColumn();
  private readonly pendingStart = new IntColumn([0]);
  private readonly steps: StepRecord[] = [];
  private readonly edges = new IntColumn();
  private analysis: { edges: number; pathCounts: PathCounts; components: Components } | undefined;
  private cached: PackedResultGraph | undefined;
  private cachedComplete: boolean | undefined;

  /** Queues a delta; deltas must be received in the order the worker sent them. */
  receive(delta: PackedGraphDelta): void {
    this.queue.push(delta);
  }

  /** Path counts and components the worker's core computed, for the graph as it is once every delta sent before is received. */
  receiveAnalysis(pathCounts: PathCounts, components: Components): void {
    this.unpackQueued();
    this.analysis = { edges: this.edges.length / 3, pathCounts, components };
    this.cached = undefined;
  }

  /** Number of states received so far. */
  get stateCount(): number {
    this.unpackQueued();
    return this.depths.length;
  }

  /** The graph received so far (rebuilt only when something changed since the last call). */
  graph(complete: boolean): PackedResultGraph {
    this.unpackQueued();
    if (this.cached === undefined || this.cachedComplete !== complete) {
      const n = this.depths.length;
      const edges = new Uint32Array(this.edges.view());
      for (let e = 0; e < edges.length; e += 3) {
        if (edges[e]! >= n || edges[e + 1]! >= n || edges[e + 2]! >= this.steps.length) {
          throw new KameraError(`isolated run: edge ${e / 3} (${edges[e]} → ${edges[e + 1]}, step ${edges[e + 2]}) refers to a state or step that was never sent`);
        }
      }
      const analysis = this.analysis?.edges === edges.length / 3 ? { pathCounts: this.analysis.pathCounts, components: this.analysis.components } : undefined;
      this.cached = new PackedResultGraph({
        ids: this.ids.view(),
        depths: this.depths.view().slice(),
        outcomeIds: this.outcomeIds.view().slice(),
        outcomes: this.outcomes.slice(),
        // Only ever appended to: views stay what they are now.
        worldOf: this.worldOf.view(),
        pendingListOf: this.pendingListOf.view(),
        worldSlots: this.worldSlots.view(),
        worldStart: this.worldStart.view(),
        pendingRequests: this.pendingRequests.view(),
        pendingStart: this.pendingStart.view(),
        keys: this.keys.slice(),
        objects: this.objects.slice(),
        requests: this.requests.slice(),
        steps: this.steps.slice(),
        edges,
        ...(analysis === undefined ? {} : { analysis }),
        complete,
      });
      this.cachedComplete = complete;
    }
    return this.cached;
  }

  /** Gives state `state` (received already) another outcome, as when the code expanding it was cut short. */
  setOutcome(state: number, outcome: StateOutcome): void {
    this.unpackQueued();
    if (!(state >= 0 && state < this.depths.length)) throw new RangeError(`no state ${state}`);
    this.outcomes.push(outcome);
    this.outcomeIds.set(state, this.outcomes.length - 1);
    this.cached = undefined;
  }

  /** Unpacks the deltas received so far (so that less is left for when the graph is asked for). */
  catchUp(): void {
    this.unpackQueued();
  }

  private unpackQueued(): void {
    for (const delta of this.queue) this.unpack(delta);
    this.queue.length = 0;
  }

  private unpack(delta: PackedGraphDelta): void {
    const { tables } = delta;
    for (const o of tables.objects) this.objects.push(o);
    for (const k of tables.keys) this.keys.push(k);
    for (const r of tables.requests) this.requests.push(r);
    for (const o of tables.outcomes) this.outcomes.push(o);
    for (const r of tables.records) this.records.push(this.unpackRecord(r));
    const c = deltaColumns(delta.numbers);
    const n = this.depths.length;
    for (let i = 0; i < c.changedStates.length; i++) {
      const s = c.changedStates[i]!;
      if (!(s < n)) throw new KameraError(`isolated run: a change to state ${s} arrived before the state (deltas out of order)`);
      this.outcomeIds.set(s, this.checked(c.changedOutcomes[i]!, this.outcomes.length, "outcome"));
      this.depths.set(s, c.changedDepths[i]!);
    }
    const added = c.depths.length;
    if (c.ids.length !== 2 * added || c.outcomes.length !== added || c.worlds.length !== added || c.pendingLists.length !== added) {
      throw new KameraError(`isolated run: a delta of ${added} new states with ${c.ids.length / 2} ids, ${c.outcomes.length} outcomes, ${c.worlds.length} worlds and ${c.pendingLists.length} pending lists`);
    }
    const slots = c.worldSlots;
    for (let i = 0; i < slots.length; i += 2) {
      this.checked(slots[i]!, this.keys.length, "key");
      this.checked(slots[i + 1]!, this.objects.length, "object");
    }
    for (const r of c.pendingRequests) this.checked(r, this.requests.length / 3, "pending reconcile");
    const slotBase = this.worldSlots.length;
    const pendingBase = this.pendingRequests.length;
    this.worldSlots.append(slots);
    this.pendingRequests.append(c.pendingRequests);
    for (const end of c.worldEnds) this.worldStart.push(slotBase + end);
    for (const end of c.pendingEnds) this.pendingStart.push(pendingBase + end);
    for (const o of c.outcomes) this.checked(o, this.outcomes.length, "outcome");
    for (const w of c.worlds) this.checked(w, this.worldStart.length - 1, "world");
    for (const p of c.pendingLists) this.checked(p, this.pendingStart.length - 1, "pending list");
    this.ids.append(c.ids);
    this.depths.append(c.depths);
    this.outcomeIds.append(c.outcomes);
    this.worldOf.append(c.worlds);
    this.pendingListOf.append(c.pendingLists);
    for (const step of c.steps) this.steps.push(this.table(this.records, step, "step record"));
    this.edges.append(c.edges);
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
    return table[this.checked(index, table.length, what)]!;
  }

  private checked(index: number, size: number, what: string): number {
    if (!(index >= 0 && index < size)) throw new KameraError(`isolated run: the graph refers to ${what} ${index}, which was never sent`);
    return index;
  }
}

/** A growing column of 32-bit integers (appended to; `set` changes an entry in place). */
class IntColumn {
  private data: Int32Array;
  length = 0;

  constructor(initial: number[] = []) {
    this.data = new Int32Array(Math.max(1024, initial.length));
    for (const v of initial) this.push(v);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = value;
  }

  append(values: Int32Array<ArrayBufferLike>): void {
    this.reserve(this.length + values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }

  set(at: number, value: number): void {
    this.data[at] = value;
  }

  /** The entries so far, as a view (valid while nothing is `set`; appending may move later entries elsewhere, never these). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }

  private reserve(n: number): void {
    if (n <= this.data.length) return;
    let size = this.data.length;
    while (size < n) size *= 2;
    const bigger = new Int32Array(size);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}
