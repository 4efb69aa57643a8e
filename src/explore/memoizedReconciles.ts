import type { Effect } from "../apiserver/effect.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import type { StateReader } from "../apiserver/stateReader.ts";
import type { World } from "../apiserver/world.ts";
import type { VersionTable } from "../objects/versionTable.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { ChoiceDriver } from "./choiceDriver.ts";
import { ReconcileMemo, type MemoOutcome, type ReconcileTrace } from "./reconcileMemo.ts";
import { runReconcile, type ReconcileOutcome, type ReconcileRunInput } from "./reconcileRun.ts";
import type { StateCodec } from "./stateCodec.ts";

/** Reads the reconcile memo records at most (a bound on its memory: a few hundred MB at worst). */
const MEMO_MAX_READS = 1 << 22;

/** A replay made no choices (runs that choose are not kept); one driver serves them all, as nothing changes it after a run. */
const NO_CHOICES = new ChoiceDriver([]);

/** A reconcile's outcome, with how it was obtained: run and traced, or replayed from the memo. */
export interface Ran extends ReconcileOutcome {
  trace?: ReconcileTrace;
  replayed?: MemoOutcome;
}

/**
 * Running reconciles, with memoization wrapped around it: a reconcile whose run on an earlier
 * state asked the same questions of its state and got the same answers is not run again, its
 * recorded outcome is replayed. Without memoization (off, or with staleness or the determinism
 * check), every reconcile runs.
 */
export class MemoizedReconciles {
  executed = 0;
  replayed = 0;
  private readonly memo: ReconcileMemo | undefined;

  constructor(
    private readonly codec: StateCodec,
    memoize: boolean,
    private readonly onDivergence: (request: number, divergence: { state: number; first: string; second: string }) => void,
  ) {
    if (memoize) this.memo = new ReconcileMemo(codec.versions, MEMO_MAX_READS);
  }

  /**
   * One reconcile of request `r`: replayed from the memo when an earlier run asked this state's
   * questions and got the same answers, else run (and traced, when memoizing and no choices are replayed).
   * A replay is answered at once, not as a promise: most transitions of a memoized search are
   * replays, and a promise each would cost more than the replay itself.
   */
  reconcile(r: number, input: ReconcileRunInput): Ran | Promise<Ran> {
    const memo = this.memo;
    if (memo === undefined || input.prefix.length > 0) {
      this.executed++;
      return runReconcile(input);
    }
    const hit = memo.lookup(r, input.trueWorld, input.meta, input.now.getTime());
    if (hit !== undefined) {
      this.replayed++;
      return this.replay(hit, input);
    }
    return this.runTraced(r, input, memo);
  }

  private async runTraced(r: number, input: ReconcileRunInput, memo: ReconcileMemo): Promise<Ran> {
    const trace = memo.trace();
    // The trace wraps what the caller's interceptor (if any) makes, so both see every read.
    const outer = input.interceptReads;
    const interceptReads = outer ? (reader: StateReader) => trace.reads(outer(reader)) : (reader: StateReader) => trace.reads(reader);
    const out: Ran = await runReconcile({ ...input, interceptReads });
    this.executed++;
    if (out.choices.counts.length === 0 && !out.timedOut) out.trace = trace;
    return out;
  }

  /**
   * What a run did to state `s`, as `[keyId, versionId]` pairs (versionId 0 = removed) in
   * first-write order; a traced run is kept in the memo on the way (`remembered`).
   */
  changes(r: number, s: number, out: Ran): { changed: Uint32Array; remembered: MemoOutcome | undefined } {
    const hit = out.replayed;
    if (hit) return { changed: (hit.changedIds ??= new Uint32Array(hit.changed)), remembered: hit };
    const changed: number[] = [];
    const seenKeys = new Set<number>();
    for (const effect of out.effects) {
      const k = this.codec.keyId(effect.kind, effect.namespace, effect.name);
      if (seenKeys.has(k)) continue;
      seenKeys.add(k);
      const now = out.world.get(effect.kind, effect.namespace, effect.name);
      changed.push(k, now ? this.codec.versionId(effect.kind, now) : 0);
    }
    const remembered = out.trace ? this.remember(r, s, out, changed) : undefined;
    return { changed: remembered ? (remembered.changedIds = new Uint32Array(changed)) : new Uint32Array(changed), remembered };
  }

  /**
   * The outcome a recorded run stands for, on this state's world and bookkeeping. Its world is
   * made when first read: a replay that leads to a known state often needs none.
   */
  private replay(hit: MemoOutcome, input: ReconcileRunInput): Ran {
    let incarnations = input.meta.incarnations;
    if (hit.created.length > 0) {
      const next = new Map(incarnations);
      for (const [key, n] of hit.created) next.set(key, (next.get(key) ?? 0) + n);
      incarnations = next;
    }
    return new Replay(hit, input.trueWorld, { revision: input.meta.revision + hit.revisions, incarnations }, this.codec.versions);
  }

  /** Keeps a traced run in the memo. */
  private remember(r: number, s: number, out: Ran, changed: number[]): MemoOutcome {
    const parent = this.codec.meta(s);
    const created: [string, number][] = [];
    if (out.meta.incarnations !== parent.incarnations) {
      for (const [key, n] of out.meta.incarnations) {
        const before = parent.incarnations.get(key) ?? 0;
        if (n !== before) created.push([key, n - before]);
      }
    }
    const changedKeys: string[] = [];
    for (let i = 0; i < changed.length; i += 2) changedKeys.push(this.codec.keyString(changed[i]!));
    const outcome: MemoOutcome = {
      effects: out.effects,
      changed,
      changedKeys,
      revisions: out.meta.revision - parent.revision,
      created,
      requeue: out.requeue,
      logs: out.logs,
    };
    if (out.error !== undefined) outcome.error = out.error;
    if (out.errorDetail !== undefined) outcome.errorDetail = out.errorDetail;
    if (out.errorLocation !== undefined) outcome.errorLocation = out.errorLocation;
    if (out.requeueAfter !== undefined) outcome.requeueAfter = out.requeueAfter;
    const memo = this.memo!;
    if (!memo.insert(r, out.trace!, outcome)) {
      const d = memo.divergences.at(-1)!;
      this.onDivergence(r, { state: s, first: d.first, second: d.second });
    }
    return outcome;
  }
}

/**
 * A recorded outcome on one state. A class, not an object literal with a getter: V8 makes those
 * slowly, and one is made per replayed transition.
 */
class Replay implements Ran {
  readonly effects: Effect[];
  readonly requeue: boolean;
  readonly choices = NO_CHOICES;
  readonly logs: string[];
  readonly error: string | undefined;
  readonly errorDetail: string | undefined;
  readonly errorLocation: string | undefined;
  readonly requeueAfter: number | undefined;
  private after: World | undefined;

  constructor(
    readonly replayed: MemoOutcome,
    private readonly before: World,
    readonly meta: ServerMeta,
    private readonly versions: VersionTable,
  ) {
    this.effects = replayed.effects;
    this.requeue = replayed.requeue;
    this.logs = replayed.logs;
    this.error = replayed.error;
    this.errorDetail = replayed.errorDetail;
    this.errorLocation = replayed.errorLocation;
    this.requeueAfter = replayed.requeueAfter;
    if (replayed.changedKeys.length === 0) this.after = before;
  }

  /** The world after the recorded writes, made when first read. */
  get world(): World {
    if (this.after === undefined) {
      const hit = this.replayed;
      const changes = new Map<string, KubeObject | undefined>();
      for (let i = 0; i < hit.changedKeys.length; i++) {
        const v = hit.changed[2 * i + 1]!;
        changes.set(hit.changedKeys[i]!, v === 0 ? undefined : this.versions.object(v));
      }
      this.after = this.before.with(changes);
    }
    return this.after;
  }
}
