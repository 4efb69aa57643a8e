import type { Effect } from "../../apiserver/effect.ts";
import type { PendingReconcile } from "../../explore/exploreResult.ts";
import type { ResultGraph } from "../../explore/resultGraph.ts";
import type { StateOutcome } from "../../explore/stateOutcome.ts";
import type { StepRecord } from "../../explore/stepRecord.ts";
import type { KubeObject } from "../../objects/kubeObject.ts";
import { columns, type PackedEffect, type PackedGraphDelta, type PackedStepRecord } from "./packedGraphDelta.ts";

/**
 * Remembers what has been sent of a growing graph and packs the next delta (see
 * `PackedGraphDelta`). Object versions and step records are recognized by identity (the explorer
 * shares one instance per version, and a replayed step is the record it replays); pending
 * reconciles, which the graph builds afresh for every state, by their contents.
 *
 * @example
 * ```ts
 * const recorder = new PackedGraphRecorder();
 * const delta = recorder.next(graph, graph.stepCount());
 * log.append({ delta });
 * ```
 */
export class PackedGraphRecorder {
  private readonly objectIndex = new Map<KubeObject, number>();
  private readonly pendingIndex = new Map<string, number>();
  private readonly recordIndex = new Map<StepRecord, number>();
  /** Outcomes that are only a kind (and reason), by their keys and values. */
  private readonly outcomeIndex = new Map<string, number>();
  private outcomeCount = 0;
  /** Per state sent: outcome and depth as last sent, to notice changes. */
  private readonly sentSignature: string[] = [];
  private sentSteps = 0;
  private sentEdges = 0;

  /** Everything that changed in `graph` since the previous call; `stepCount` is the number of steps recorded so far. */
  next(graph: ResultGraph, stepCount: number): PackedGraphDelta {
    const out = new DeltaBuilder();
    const n = graph.stateCount();
    for (let s = 0; s < this.sentSignature.length; s++) this.noteChange(graph, s, out);
    for (let s = this.sentSignature.length; s < n; s++) this.noteNew(graph, s, out);
    this.noteStepsAndEdges(graph, stepCount, out);
    return out.delta();
  }

  /**
   * Like `next`, but in time proportional to what is new: of the states sent before, only those
   * in `touched` are checked for a changed outcome or depth. For a stream sent very often; a
   * `next` now and then catches the changes this one does not look for.
   */
  nextNew(graph: ResultGraph, stepCount: number, touched: Iterable<number>): PackedGraphDelta {
    const out = new DeltaBuilder();
    const sent = this.sentSignature.length;
    for (const s of touched) if (s < sent) this.noteChange(graph, s, out);
    const n = graph.stateCount();
    for (let s = sent; s < n; s++) this.noteNew(graph, s, out);
    this.noteStepsAndEdges(graph, stepCount, out);
    return out.delta();
  }

  private noteChange(graph: ResultGraph, s: number, out: DeltaBuilder): void {
    const outcome = graph.outcome(s);
    const depth = graph.depth(s);
    const signature = signatureOf(outcome, depth);
    if (this.sentSignature[s] === signature) return;
    this.sentSignature[s] = signature;
    out.changedStates.push(s);
    out.changedDepths.push(depth);
    out.changedOutcomes.push(this.outcomeId(outcome, out));
  }

  private noteNew(graph: ResultGraph, s: number, out: DeltaBuilder): void {
    const outcome = graph.outcome(s);
    const depth = graph.depth(s);
    this.sentSignature[s] = signatureOf(outcome, depth);
    out.ids.push(graph.stateId(s));
    out.depths.push(depth);
    out.outcomes.push(this.outcomeId(outcome, out));
    for (const o of graph.objects(s)) out.stateObjects.push(this.objectId(o, out));
    out.objectEnds.push(out.stateObjects.length);
    for (const p of graph.pending(s)) out.statePendings.push(this.pendingId(p, out));
    out.pendingEnds.push(out.statePendings.length);
  }

  private noteStepsAndEdges(graph: ResultGraph, stepCount: number, out: DeltaBuilder): void {
    for (; this.sentSteps < stepCount; this.sentSteps++) out.steps.push(this.recordId(graph.step(this.sentSteps), out));
    const edges = graph.edgeCount();
    for (; this.sentEdges < edges; this.sentEdges++) {
      const [from, to, step] = graph.edge(this.sentEdges);
      out.edges.push(from, to, step);
    }
  }

  private objectId(object: KubeObject, out: DeltaBuilder): number {
    let id = this.objectIndex.get(object);
    if (id === undefined) {
      id = this.objectIndex.size;
      this.objectIndex.set(object, id);
      out.objects.push(object);
    }
    return id;
  }

  private pendingId(pending: PendingReconcile, out: DeltaBuilder): number {
    const key = pendingKey(pending);
    let id = this.pendingIndex.get(key);
    if (id === undefined) {
      id = this.pendingIndex.size;
      this.pendingIndex.set(key, id);
      out.pendings.push(pending);
    }
    return id;
  }

  /** Outcomes are mostly "expanded" and the like: those are sent once; one with an error or violations is sent for its state alone. */
  private outcomeId(outcome: StateOutcome, out: DeltaBuilder): number {
    const keys = Object.keys(outcome);
    // The keys, in their order, are part of what is shared: a dump prints the outcome as it is.
    const key = keys.every((k) => k === "kind" || k === "reason") ? `${keys.join(",")}|${outcome.kind}|${outcome.reason ?? ""}` : undefined;
    if (key !== undefined) {
      const known = this.outcomeIndex.get(key);
      if (known !== undefined) return known;
      this.outcomeIndex.set(key, this.outcomeCount);
    }
    out.outcomeTable.push(outcome);
    return this.outcomeCount++;
  }

  private recordId(record: StepRecord, out: DeltaBuilder): number {
    let id = this.recordIndex.get(record);
    if (id === undefined) {
      id = this.recordIndex.size;
      this.recordIndex.set(record, id);
      out.records.push(this.packRecord(record, out));
    }
    return id;
  }

  /** The record with its effects' object versions as numbers; keys keep their order (dumps print them in it). */
  private packRecord(record: StepRecord, out: DeltaBuilder): PackedStepRecord {
    const packed: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      const value = record[key as keyof StepRecord];
      packed[key] = key === "effects" && Array.isArray(value) ? (value as Effect[]).map((e) => this.packEffect(e, out)) : value;
    }
    return packed as unknown as PackedStepRecord;
  }

  private packEffect(effect: Effect, out: DeltaBuilder): PackedEffect {
    const packed: Record<string, unknown> = {};
    for (const key of Object.keys(effect)) {
      const value = effect[key as keyof Effect];
      packed[key] = (key === "before" || key === "after") && value !== undefined ? this.objectId(value as KubeObject, out) : value;
    }
    return packed as unknown as PackedEffect;
  }
}

/** What tells pending reconciles apart: the reconciler and request, or all of it when it carries more. */
function pendingKey(pending: PendingReconcile): string {
  const { request } = pending;
  if (Object.keys(pending).length === 2 && Object.keys(request).length === 2 && typeof request.namespace === "string" && typeof request.name === "string") {
    return `${pending.reconcilerId}\u0000${request.namespace}\u0000${request.name}`;
  }
  return JSON.stringify(pending);
}

function signatureOf(outcome: StateOutcome, depth: number): string {
  return `${outcome.kind}|${outcome.reason ?? ""}|${depth}`;
}

/** One delta as it is gathered, in plain arrays, its numbers laid out in one buffer once complete. */
class DeltaBuilder {
  readonly objects: KubeObject[] = [];
  readonly pendings: PendingReconcile[] = [];
  readonly records: PackedStepRecord[] = [];
  readonly outcomeTable: StateOutcome[] = [];
  readonly ids: string[] = [];
  readonly depths: number[] = [];
  readonly outcomes: number[] = [];
  readonly stateObjects: number[] = [];
  readonly objectEnds: number[] = [];
  readonly statePendings: number[] = [];
  readonly pendingEnds: number[] = [];
  readonly changedStates: number[] = [];
  readonly changedDepths: number[] = [];
  readonly changedOutcomes: number[] = [];
  readonly steps: number[] = [];
  readonly edges: number[] = [];

  delta(): PackedGraphDelta {
    const [depths, outcomes, objects, objectEnds, pendings, pendingEnds, changedStates, changedDepths, changedOutcomes, steps, edges] = columns([
      this.depths,
      this.outcomes,
      this.stateObjects,
      this.objectEnds,
      this.statePendings,
      this.pendingEnds,
      this.changedStates,
      this.changedDepths,
      this.changedOutcomes,
      this.steps,
      this.edges,
    ]) as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
    return {
      objects: this.objects,
      pendings: this.pendings,
      outcomes: this.outcomeTable,
      records: this.records,
      added: { ids: this.ids, depths, outcomes, objects, objectEnds, pendings, pendingEnds },
      changed: { states: changedStates, depths: changedDepths, outcomes: changedOutcomes },
      steps,
      edges,
    };
  }
}
