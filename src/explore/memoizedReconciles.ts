import { objectKeyString } from "../objects/objectKey.ts";
import type { Effect } from "../apiserver/effect.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import type { StateReader } from "../apiserver/stateReader.ts";
import type { World } from "../apiserver/world.ts";
import type { WorldEntry, WorldReader } from "../apiserver/worldReader.ts";
import type { VersionTable } from "../objects/versionTable.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { ChoiceDriver } from "./choiceDriver.ts";
import { LazyWorldReader } from "./lazyWorldReader.ts";
import { ReconcileMemo, type MemoOutcome, type MemoState, type ReconcileTrace, type WorldSource } from "./reconcileMemo.ts";
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
  /** One object of the world after the writes, answered without making that world where the run can. */
  objectAfter?(kind: string, namespace: string, name: string): KubeObject | undefined;
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
  /** The replay `replayOn` hands out again when its caller adds it before asking for the next one. */
  private reusable: Replay | undefined;

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
    const state = memo.worldState(input.trueWorld);
    const hit = memo.lookup(r, state, input.meta, input.now.getTime());
    if (hit !== undefined) {
      this.replayed++;
      return new Replay(hit, state.worldSource(), input.meta, this.codec.versions);
    }
    return this.runTraced(r, input, memo);
  }

  /**
   * The replay of request `r` on `state` (the true world, as the core's slots answer for it), if
   * an earlier run asked this state's questions and got the same answers; else undefined, and
   * the caller runs it with `run`. Nothing is allocated but the replay itself: the world before
   * and after the writes, and the bookkeeping after them, are made when first read. With `reuse`,
   * not even the replay: the one the last reusing call returned is made over, so the caller must
   * be done with it (and keep nothing that holds it) before it asks again.
   */
  replayOn(r: number, state: MemoState, meta: ServerMeta, nowMs: number, reuse = false): Ran | undefined {
    const hit = this.memo?.lookup(r, state, meta, nowMs);
    if (hit === undefined) return undefined;
    this.replayed++;
    if (reuse && this.reusable !== undefined) return this.reusable.reset(hit, state.worldSource(), meta);
    const replay = new Replay(hit, state.worldSource(), meta, this.codec.versions);
    if (reuse) this.reusable = replay;
    return replay;
  }

  /** Runs request `r` (traced when memoizing and no choices are replayed) without asking the memo first: `replayOn` just did. */
  run(r: number, input: ReconcileRunInput): Promise<Ran> {
    const memo = this.memo;
    if (memo === undefined || input.prefix.length > 0) {
      this.executed++;
      return runReconcile(input);
    }
    return this.runTraced(r, input, memo);
  }

  private async runTraced(r: number, input: ReconcileRunInput, memo: ReconcileMemo): Promise<Ran> {
    const trace = memo.trace();
    // The trace wraps what the caller's interceptor (if any) makes, so both see every read.
    const outer = input.interceptReads;
    const out: Ran = await runReconcile(input, outer ? (reader: StateReader) => trace.reads(outer(reader)) : trace.reads.bind(trace));
    this.executed++;
    if (out.choices.counts.length === 0 && !out.timedOut) out.trace = trace;
    return out;
  }

  /** The memo outcome the last `changes` kept its run as (undefined when it kept none). */
  lastRemembered: MemoOutcome | undefined;

  /**
   * What a run (not a replay: its changes are `replayed.changedIds`) did to state `s`, as
   * `[keyId, versionId]` pairs (versionId 0 = removed) in first-write order; a traced run is
   * kept in the memo on the way (`lastRemembered`).
   */
  changes(r: number, s: number, out: Ran): Uint32Array {
    const changed: number[] = [];
    const seenKeys = new Set<number>();
    for (const effect of out.effects) {
      const k = this.codec.keyId(effect.kind, effect.namespace, effect.name);
      if (seenKeys.has(k)) continue;
      seenKeys.add(k);
      const now = out.objectAfter !== undefined ? out.objectAfter(effect.kind, effect.namespace, effect.name) : out.world.get(effect.kind, effect.namespace, effect.name);
      changed.push(k, now ? this.codec.versionId(effect.kind, now) : 0);
    }
    const remembered = out.trace ? this.remember(r, s, out, changed) : undefined;
    this.lastRemembered = remembered;
    return remembered ? (remembered.changedIds = new Uint32Array(changed)) : new Uint32Array(changed);
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
 * The world after a run's writes as trigger functions read it, made only when they read beyond
 * the objects the writes touched: a replay is its own reader (one object fewer per replayed
 * transition).
 */
export function worldAfter(out: Ran): WorldReader {
  return out instanceof Replay ? out : new LazyWorldReader(out);
}

/**
 * A recorded outcome on one state. A class, not an object literal with a getter: V8 makes those
 * slowly, and one is made per replayed transition. It is also the world after the recorded
 * writes as a reader (`worldAfter`), made only when read beyond the objects the writes touched.
 */
class Replay implements Ran, WorldReader {
  private after: World | undefined;
  private metaAfter: ServerMeta | undefined;

  constructor(
    public replayed: MemoOutcome,
    private before: WorldSource,
    private metaBefore: ServerMeta,
    private readonly versions: VersionTable,
  ) {}

  /** This replay made over as another outcome on another state; what was made from the last one (world, bookkeeping) is dropped, not changed. */
  reset(replayed: MemoOutcome, before: WorldSource, metaBefore: ServerMeta): this {
    this.replayed = replayed;
    this.before = before;
    this.metaBefore = metaBefore;
    this.after = undefined;
    this.metaAfter = undefined;
    return this;
  }

  // The recorded run's, read through: one small object per replayed transition.
  get choices(): ChoiceDriver {
    return NO_CHOICES;
  }
  get effects(): Effect[] {
    return this.replayed.effects;
  }
  get requeue(): boolean {
    return this.replayed.requeue;
  }
  get logs(): string[] {
    return this.replayed.logs;
  }
  get error(): string | undefined {
    return this.replayed.error;
  }
  get errorLocation(): string | undefined {
    return this.replayed.errorLocation;
  }
  get requeueAfter(): number | undefined {
    return this.replayed.requeueAfter;
  }

  /** The server's bookkeeping after the recorded writes (revision, incarnations), made when first read. */
  get meta(): ServerMeta {
    if (this.metaAfter === undefined) {
      const hit = this.replayed;
      let incarnations = this.metaBefore.incarnations;
      if (hit.created.length > 0) {
        const next = new Map(incarnations);
        for (const [key, n] of hit.created) next.set(key, (next.get(key) ?? 0) + n);
        incarnations = next;
      }
      this.metaAfter = { revision: this.metaBefore.revision + hit.revisions, incarnations };
    }
    return this.metaAfter;
  }

  /**
   * One object of the world after the recorded writes, without making that world: the trigger
   * functions that read it (the garbage collector's owner lookups) mostly ask for an object the
   * writes did not touch.
   */
  objectAfter(kind: string, namespace: string, name: string): KubeObject | undefined {
    if (this.after !== undefined) return this.after.get(kind, namespace, name);
    const hit = this.replayed;
    const key = objectKeyString(kind, namespace, name);
    const i = hit.changedKeys.indexOf(key);
    if (i < 0) return this.before.object !== undefined ? this.before.object(key) : this.before.world().get(kind, namespace, name);
    const v = hit.changed[2 * i + 1]!;
    return v === 0 ? undefined : this.versions.object(v);
  }

  // The world after the writes, as a reader (`WorldReader`).
  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.objectAfter(kind, namespace, name);
  }
  list(kind: string): readonly KubeObject[] {
    return this.world.list(kind);
  }
  all(): readonly KubeObject[] {
    return this.world.all();
  }
  findByUid(uid: string): WorldEntry | undefined {
    return this.world.findByUid(uid);
  }
  dependentsOf(ownerUid: string): readonly WorldEntry[] {
    return this.world.dependentsOf(ownerUid);
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
      this.after = this.before.world().with(changes);
    }
    return this.after;
  }
}
