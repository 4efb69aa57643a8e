import { knowledgeLens, type WriteKnowledge } from "../../trace/knowledgeLens.ts";
import { lifecycleLens, type Lifecycle } from "../../trace/lifecycleLens.ts";
import { provenanceLens, type ProvenanceReconcile, type ProvenanceTree } from "../../trace/provenanceLens.ts";
import { reconcileCount } from "../../trace/lensText.ts";
import { livesByObject } from "../../trace/objectLives.ts";
import { skippedLines, type Trace } from "../../trace/traceParser.ts";

/** The three lenses, in the order both inspectors show them (keys 1, 2, 3). */
export const TRACE_LENSES = ["lifecycle", "provenance", "knowledge"] as const;

/** One of the three lenses. */
export type TraceLens = (typeof TRACE_LENSES)[number];

/** An object of the trace, as the lifecycle lens lists it. */
export interface TracedObjectRow {
  /** `objectKeyOf`'s key: `core/ConfigMap/default/web`. */
  key: string;
  /** Versions in all its lives. */
  versions: number;
  /** Controllers that wrote a version of it, sorted; versions written outside the trace are not named. */
  writers: string[];
  /** How many times it existed under this name (one uid each): more than one when it was deleted and created again. */
  lives: number;
  /** Its last life was deleted: the object was gone at the end of the trace. */
  deleted: boolean;
}

/** What became of an object, as both inspectors list it after its writers: `recreated`, `deleted`. */
export function objectFate(o: TracedObjectRow): string[] {
  const fate: string[] = [];
  if (o.lives > 1) fate.push(o.lives === 2 ? "recreated" : `recreated ${o.lives - 1} times`);
  if (o.deleted) fate.push("deleted");
  return fate;
}

/** A causal root, as the provenance lens lists it. */
export interface RootRow {
  rootId: string;
  /** `core/ConfigMap/default/web@5` for an outside write the trace saw, else undefined. */
  origin?: string;
  reconciles: number;
  writes: number;
  /** Reconciles of the tree that failed (ended with an error). */
  failed: number;
  /** Reconciles of the tree the trace has no end record of. */
  unfinished: number;
}

function countTree(reconciles: readonly ProvenanceReconcile[]): { reconciles: number; writes: number; failed: number; unfinished: number } {
  let r = 0;
  let w = 0;
  let f = 0;
  let u = 0;
  const walk = (list: readonly ProvenanceReconcile[]) => {
    for (const rec of list) {
      r++;
      if (rec.error !== undefined) f++;
      if (rec.unfinished) u++;
      for (const write of rec.writes) {
        w++;
        walk(write.caused);
      }
    }
  };
  walk(reconciles);
  return { reconciles: r, writes: w, failed: f, unfinished: u };
}

/**
 * A trace opened in an inspector: the lenses of `src/trace` computed once (lifecycles per object
 * on first use), and the lists both the terminal and the browser inspector navigate. It holds no
 * view state; it only answers what the lenses say, so both inspectors show the same answers.
 *
 * @example
 * ```ts
 * const t = new InspectedTrace(parseTrace(text, "trace.jsonl"), "trace.jsonl");
 * t.objects.map((o) => o.key);            // ["core/ConfigMap/default/web", ...]
 * t.writes.filter((w) => w.reads.some((r) => r.stale));
 * ```
 */
export class InspectedTrace {
  /** Every object that existed in the trace, sorted by key (not those only failed calls name). */
  readonly objects: TracedObjectRow[];
  /** Every causal root's tree, in order of first appearance. */
  readonly trees: ProvenanceTree[];
  readonly roots: RootRow[];
  /** The knowledge lens: every write in a traced reconcile, in trace order. */
  readonly writes: WriteKnowledge[];
  /** How many writes acted on at least one stale read. */
  readonly staleWrites: number;
  private readonly objectKeys: ReadonlySet<string>;
  private readonly lifecycles = new Map<string, Lifecycle>();
  private readonly eventIndex = new Map<string, number>();

  constructor(
    readonly trace: Trace,
    readonly name: string,
  ) {
    trace.events.forEach((e, i) => {
      if (!this.eventIndex.has(e.id)) this.eventIndex.set(e.id, i);
    });
    const lives = livesByObject(trace.events);
    this.objects = [...lives.keys()].sort().map((key) => {
      const list = lives.get(key)!;
      const writers = new Set<string>();
      let versions = 0;
      for (const life of list) {
        versions += life.versions.length;
        for (const v of life.versions) if (v.writtenAt !== undefined) writers.add(trace.events[v.writtenAt]!.controller);
      }
      return { key, versions, writers: [...writers].sort(), lives: list.length, deleted: list[list.length - 1]!.deletedAt.length > 0 };
    });
    this.objectKeys = new Set(lives.keys());
    this.trees = provenanceLens(trace);
    this.roots = this.trees.map((t) => ({
      rootId: t.rootId,
      ...(t.origin ? { origin: `${t.origin.object}@${t.origin.resourceVersion}` } : {}),
      ...countTree(t.reconciles),
    }));
    this.writes = knowledgeLens(trace);
    this.staleWrites = this.writes.filter((w) => w.reads.some((r) => r.stale)).length;
  }

  /** One line about the whole trace, as `kamera trace` prints it. */
  summary(): string {
    const t = this.trace;
    const skipped = skippedLines(t.problems) ? `, ${skippedLines(t.problems)} line(s) skipped` : "";
    return `${t.events.length} event(s), ${reconcileCount(t.reconciles)}, ${t.objects.size} object version(s), ${this.writes.length} write(s), ${this.staleWrites} acting on stale reads${skipped}`;
  }

  /** The lifecycle lens of one object (its full key, or a `kind/namespace/name` spec). */
  lifecycle(object: string): Lifecycle {
    let lc = this.lifecycles.get(object);
    if (!lc) {
      lc = lifecycleLens(this.trace, object);
      this.lifecycles.set(object, lc);
      this.lifecycles.set(lc.object, lc);
    }
    return lc;
  }

  /** Whether the lifecycle lens lists the object of this key (a write that failed may name one the trace never saw exist). */
  hasObject(key: string): boolean {
    return this.objectKeys.has(key);
  }

  /** The tree of a root, or undefined when the trace has no such root. */
  tree(rootId: string): ProvenanceTree | undefined {
    return this.trees.find((t) => t.rootId === rootId);
  }

  /** A write of the knowledge lens by its event id. */
  write(eventId: string): WriteKnowledge | undefined {
    return this.writes.find((w) => w.eventId === eventId);
  }

  /** The causal root of an event (the root its reconcile had when it made the call), if any. */
  rootOfEvent(eventId: string): string | undefined {
    const i = this.eventIndex.get(eventId);
    return i === undefined ? undefined : (this.trace.events[i]!.rootId ?? undefined);
  }

  /** An event's position in the trace (`#n` in every lens). */
  indexOfEvent(eventId: string): number | undefined {
    return this.eventIndex.get(eventId);
  }
}
