import { StateContents } from "../../../bindings/stateContents.ts";
import type { Effect } from "../../apiserver/effect.ts";
import type { ResultGraph } from "../../explore/resultGraph.ts";
import type { StateCodec } from "../../explore/stateCodec.ts";
import type { StateOutcome } from "../../explore/stateOutcome.ts";
import type { StepRecord } from "../../explore/stepRecord.ts";
import type { KubeObject } from "../../objects/kubeObject.ts";
import { packColumns, type PackedEffect, type PackedGraphDelta, type PackedStepRecord } from "./packedGraphDelta.ts";

/** What the recorder reads of the explorer's interned states. */
export type InternedStates = Pick<StateCodec, "readState" | "keyString" | "request" | "versions">;

/**
 * Remembers what has been sent of a growing graph and packs the next delta (see
 * `PackedGraphDelta`). A state is read as the core holds it (`StateCodec.readState`): its world
 * (slots) and pending list are sent as numbers the first time a state has them, each key, request
 * and object version the first time a world or list refers to it. Object versions and step records are recognized by identity (the explorer
 * shares one instance per version, and a replayed step is the record it replays).
 *
 * @example
 * ```ts
 * const recorder = new PackedGraphRecorder(graph.stateCodec()!);
 * const delta = recorder.next(graph, graph.stepCount());
 * log.append({ delta });
 * ```
 */
export class PackedGraphRecorder {
  private readonly contents = new StateContents();
  private readonly objectIndex = new Map<KubeObject, number>();
  /** Object number + 1 of each version id sent (0: not sent yet). */
  private versionObjects = new Int32Array(1024);
  private readonly recordIndex = new Map<StepRecord, number>();
  /** Outcomes by identity (the search shares one instance for each plain outcome), then those that are only a kind (and reason) by their keys and values. */
  private readonly outcomeByIdentity = new Map<StateOutcome, number>();
  private readonly outcomeIndex = new Map<string, number>();
  private outcomeCount = 0;
  /** Per state sent: outcome number and depth as last sent, to notice changes. */
  private sentOutcome = new Int32Array(1024);
  private sentDepth = new Int32Array(1024);
  private sentStates = 0;
  /** Worlds and pending lists sent, as the core gives them ((keyId, versionId) slots; request ids). */
  private readonly worlds = new ListInterner();
  private readonly pendingLists = new ListInterner();
  private sentKeys = 0;
  private sentRequests = 0;
  private sentSteps = 0;
  private sentEdges = 0;

  constructor(private readonly interned: InternedStates) {}

  /** Everything that changed in `graph` since the previous call; `stepCount` is the number of steps recorded so far. */
  next(graph: ResultGraph, stepCount: number): PackedGraphDelta {
    const out = new DeltaBuilder();
    const sent = this.sentStates;
    for (let s = 0; s < sent; s++) this.noteChange(graph, s, out);
    this.noteNewStates(graph, out);
    this.noteStepsAndEdges(graph, stepCount, sent, out);
    return out.delta();
  }

  /**
   * Like `next`, but in time proportional to what is new: of the states sent before, only those
   * in `touched` and at either end of a new edge (a state reached again by a shorter path) are
   * checked for a changed outcome or depth. For a stream sent very often; a `next` now and then
   * catches the changes this one does not look for.
   */
  nextNew(graph: ResultGraph, stepCount: number, touched: Iterable<number>): PackedGraphDelta {
    const out = new DeltaBuilder();
    const sent = this.sentStates;
    for (const s of touched) if (s < sent) this.noteChange(graph, s, out);
    this.noteNewStates(graph, out);
    this.noteStepsAndEdges(graph, stepCount, sent, out);
    return out.delta();
  }

  private noteChange(graph: ResultGraph, s: number, out: DeltaBuilder): void {
    const outcome = this.outcomeId(graph.outcome(s), out);
    const depth = graph.depth(s);
    if (this.sentOutcome[s] === outcome && this.sentDepth[s] === depth) return;
    this.sentOutcome[s] = outcome;
    this.sentDepth[s] = depth;
    out.changedStates.push(s);
    out.changedDepths.push(depth);
    out.changedOutcomes.push(outcome);
  }

  private noteNewStates(graph: ResultGraph, out: DeltaBuilder): void {
    const n = graph.stateCount();
    if (n > this.sentOutcome.length) {
      this.sentOutcome = grown(this.sentOutcome, n);
      this.sentDepth = grown(this.sentDepth, n);
    }
    const versions = this.interned.versions;
    for (let s = this.sentStates; s < n; s++) {
      const outcome = this.outcomeId(graph.outcome(s), out);
      const depth = graph.depth(s);
      this.sentOutcome[s] = outcome;
      this.sentDepth[s] = depth;
      const id = graph.stateId(s);
      if (id.length !== 16) throw new RangeError(`state id "${id}" is not 16 hex digits`);
      out.ids.push(parseInt(id.slice(0, 8), 16) | 0, parseInt(id.slice(8), 16) | 0);
      out.depths.push(depth);
      out.outcomes.push(outcome);
      const { slots, pending } = this.interned.readState(s, this.contents);
      let world = this.worlds.find(slots);
      if (world < 0) {
        world = this.worlds.add(slots);
        for (let i = 0; i < slots.length; i += 2) {
          const key = slots[i]!;
          const version = slots[i + 1]!;
          if (key >= this.sentKeys) this.sendKeysTo(key, out);
          if (version >= this.versionObjects.length) this.versionObjects = grown(this.versionObjects, version + 1);
          let object = this.versionObjects[version]! - 1;
          if (object < 0) this.versionObjects[version] = (object = this.objectId(versions.object(version), out)) + 1;
          out.worldSlots.push(key, object);
        }
        out.worldEnds.push(out.worldSlots.length);
      }
      out.worlds.push(world);
      let list = this.pendingLists.find(pending);
      if (list < 0) {
        list = this.pendingLists.add(pending);
        for (let i = 0; i < pending.length; i++) {
          const request = pending[i]!;
          if (request >= this.sentRequests) this.sendRequestsTo(request, out);
          out.pendingRequests.push(request);
        }
        out.pendingEnds.push(out.pendingRequests.length);
      }
      out.pendingLists.push(list);
    }
    this.sentStates = n;
  }

  /** Sends the keys up to `key`: ids are dense, so the main thread's table is indexed by them. */
  private sendKeysTo(key: number, out: DeltaBuilder): void {
    for (; this.sentKeys <= key; this.sentKeys++) out.keys.push(this.interned.keyString(this.sentKeys));
  }

  private sendRequestsTo(request: number, out: DeltaBuilder): void {
    for (; this.sentRequests <= request; this.sentRequests++) {
      const entry = this.interned.request(this.sentRequests);
      out.requests.push(entry.reconcilerId, entry.request.namespace, entry.request.name);
    }
  }

  /** New steps and edges; the states at either end of a new edge that were sent before `sent` are checked for changes. */
  private noteStepsAndEdges(graph: ResultGraph, stepCount: number, sent: number, out: DeltaBuilder): void {
    for (; this.sentSteps < stepCount; this.sentSteps++) out.steps.push(this.recordId(graph.step(this.sentSteps), out));
    const edges = graph.edgeCount();
    const first = this.sentEdges;
    for (; this.sentEdges < edges; this.sentEdges++) {
      const [from, to, step] = graph.edge(this.sentEdges);
      out.edges.push(from, to, step);
    }
    // After the loop above: a change noted here comes after the states it concerns in the delta.
    const e = out.edges;
    for (let i = 0; i < (edges - first) * 3; i += 3) {
      if (e[i]! < sent) this.noteChange(graph, e[i]!, out);
      if (e[i + 1]! < sent) this.noteChange(graph, e[i + 1]!, out);
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

  /** Outcomes are mostly "expanded" and the like: those are sent once; one with an error or violations is sent for its state alone. */
  private outcomeId(outcome: StateOutcome, out: DeltaBuilder): number {
    const same = this.outcomeByIdentity.get(outcome);
    if (same !== undefined) return same;
    const keys = Object.keys(outcome);
    // The keys, in their order, are part of what is shared: a dump prints the outcome as it is.
    const key = keys.every((k) => k === "kind" || k === "reason") ? `${keys.join(",")}|${outcome.kind}|${outcome.reason ?? ""}` : undefined;
    let id = key === undefined ? undefined : this.outcomeIndex.get(key);
    if (id === undefined) {
      id = this.outcomeCount++;
      if (key !== undefined) this.outcomeIndex.set(key, id);
      out.outcomeTable.push(outcome);
    }
    this.outcomeByIdentity.set(outcome, id);
    return id;
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

/**
 * Numbers lists of integers by content: many states share one world (all but a few thousand of
 * tens of thousands) or one pending list, and each is sent once. Found by a hash of the list,
 * then compared entry by entry.
 */
class ListInterner {
  private readonly byHash = new Map<number, number | number[]>();
  private readonly lists: Uint32Array[] = [];

  /** The number of a list with these entries, or -1. */
  find(values: Uint32Array): number {
    const known = this.byHash.get(hashOf(values));
    if (known === undefined) return -1;
    if (typeof known === "number") return sameEntries(this.lists[known]!, values) ? known : -1;
    for (const n of known) if (sameEntries(this.lists[n]!, values)) return n;
    return -1;
  }

  /** Numbers a list `find` did not know (a copy of it is kept). */
  add(values: Uint32Array): number {
    const n = this.lists.length;
    this.lists.push(values.slice());
    const hash = hashOf(values);
    const known = this.byHash.get(hash);
    if (known === undefined) this.byHash.set(hash, n);
    else if (typeof known === "number") this.byHash.set(hash, [known, n]);
    else known.push(n);
    return n;
  }
}

/** FNV-1a over the entries. */
function hashOf(values: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < values.length; i++) h = Math.imul(h ^ values[i]!, 0x01000193);
  return h;
}

function sameEntries(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `array` copied into one of at least `n` entries (doubling), zeros after. */
function grown(array: Int32Array, n: number): Int32Array<ArrayBuffer> {
  let size = array.length;
  while (size < n) size *= 2;
  const bigger = new Int32Array(size);
  bigger.set(array);
  return bigger;
}

/** One delta as it is gathered, in plain arrays, its numbers laid out in one array once complete. */
class DeltaBuilder {
  readonly objects: KubeObject[] = [];
  readonly keys: string[] = [];
  readonly requests: string[] = [];
  readonly records: PackedStepRecord[] = [];
  readonly outcomeTable: StateOutcome[] = [];
  readonly ids: number[] = [];
  readonly depths: number[] = [];
  readonly outcomes: number[] = [];
  readonly worlds: number[] = [];
  readonly pendingLists: number[] = [];
  readonly worldSlots: number[] = [];
  readonly worldEnds: number[] = [];
  readonly pendingRequests: number[] = [];
  readonly pendingEnds: number[] = [];
  readonly changedStates: number[] = [];
  readonly changedDepths: number[] = [];
  readonly changedOutcomes: number[] = [];
  readonly steps: number[] = [];
  readonly edges: number[] = [];

  delta(): PackedGraphDelta {
    return {
      tables: { objects: this.objects, keys: this.keys, requests: this.requests, outcomes: this.outcomeTable, records: this.records },
      numbers: packColumns(this),
    };
  }
}
