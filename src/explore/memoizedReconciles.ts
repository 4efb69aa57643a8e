import type { KubeObject } from "../objects/kubeObject.ts";
import { ChoiceDriver } from "./choiceDriver.ts";
import { ReconcileMemo, type MemoOutcome, type ReconcileTrace } from "./reconcileMemo.ts";
import { runReconcile, type ReconcileOutcome, type ReconcileRunInput } from "./reconcileRun.ts";
import type { StateCodec } from "./stateCodec.ts";

/** Reads the reconcile memo records at most (a bound on its memory: a few hundred MB at worst). */
const MEMO_MAX_READS = 1 << 22;

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
   */
  async reconcile(r: number, input: ReconcileRunInput): Promise<Ran> {
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
    const trace = memo.trace();
    const out: Ran = await runReconcile({ ...input, interceptReads: (reader) => trace.reads(reader) });
    this.executed++;
    if (out.choices.counts.length === 0 && !out.timedOut) out.trace = trace;
    return out;
  }

  /**
   * What a run did to state `s`, as `[keyId, versionId]` pairs (versionId 0 = removed) in
   * first-write order; a traced run is kept in the memo on the way (`remembered`).
   */
  changes(r: number, s: number, out: Ran): { changed: number[]; remembered: MemoOutcome | undefined } {
    if (out.replayed) return { changed: out.replayed.changed, remembered: out.replayed };
    const changed: number[] = [];
    const seenKeys = new Set<number>();
    for (const effect of out.effects) {
      const k = this.codec.keyId(effect.kind, effect.namespace, effect.name);
      if (seenKeys.has(k)) continue;
      seenKeys.add(k);
      const now = out.world.get(effect.kind, effect.namespace, effect.name);
      changed.push(k, now ? this.codec.versionId(effect.kind, now) : 0);
    }
    return { changed, remembered: out.trace ? this.remember(r, s, out, changed) : undefined };
  }

  /** The outcome a recorded run stands for, on this state's world and bookkeeping. */
  private replay(hit: MemoOutcome, input: ReconcileRunInput): Ran {
    let world = input.trueWorld;
    if (hit.changedKeys.length > 0) {
      const changes = new Map<string, KubeObject | undefined>();
      for (let i = 0; i < hit.changedKeys.length; i++) {
        const v = hit.changed[2 * i + 1]!;
        changes.set(hit.changedKeys[i]!, v === 0 ? undefined : this.codec.versions.object(v));
      }
      world = world.with(changes);
    }
    let incarnations = input.meta.incarnations;
    if (hit.created.length > 0) {
      const next = new Map(incarnations);
      for (const [key, n] of hit.created) next.set(key, (next.get(key) ?? 0) + n);
      incarnations = next;
    }
    const out: Ran = {
      effects: hit.effects,
      world,
      meta: { revision: input.meta.revision + hit.revisions, incarnations },
      requeue: hit.requeue,
      choices: new ChoiceDriver([]),
      logs: hit.logs,
      replayed: hit,
    };
    if (hit.error !== undefined) out.error = hit.error;
    if (hit.errorDetail !== undefined) out.errorDetail = hit.errorDetail;
    if (hit.errorLocation !== undefined) out.errorLocation = hit.errorLocation;
    if (hit.requeueAfter !== undefined) out.requeueAfter = hit.requeueAfter;
    return out;
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
