import { conflicts, type Footprint } from "./footprint.ts";
import { pendingHas } from "./partialOrderReduction.ts";

/** A run made (or itself asleep) at a state, carried to the successors where it is asleep. */
export interface SleepingRun<T> {
  /** Its footprint: the same at every state it is asleep at. */
  fp: Footprint;
  /** The transition it made where it ran: its step and its writes (`changed`) are the same wherever it is asleep. */
  transition: T;
  /** Its request is pending again after it (it failed, asked to be requeued, or enqueued itself). */
  staysPending: boolean;
}

/**
 * Sleep sets for the partial-order reduction (docs/semantics.md, "Sleep sets").
 *
 * When a state s has the runs of requests u and e, and they are independent at s (neither writes
 * what the other read, they write nothing in common, neither enqueues the other), u's run at s·e
 * reads the same answers as at s and so does the same: it is *asleep* at s·e. Its successor there
 * is s·u·e, known without running u again. The classical algorithm leaves such a transition out;
 * here it stays in the graph, made from the run at s instead of run again (`KubernetesModel`
 * adds it when its target is already known, and runs it otherwise), so that the graph the
 * livelock analysis, the cycle proviso and the path counts see is the one the reduction's
 * argument is about. What sleeping saves is the work of a transition, not the transition.
 *
 * A state's sleep set is handed down when its parent is expanded: every run known at the parent
 * (made there, or asleep there), other than the one taken, that is independent of the one taken
 * and still pending. A run whose footprint is unknown (`ctx.choose`, a time-out) or that asked
 * the clock (which is the depth, and so differs one step down) never sleeps.
 */
export class SleepSets<T> {
  private readonly asleep = new Map<number, Map<number, SleepingRun<T>>>();

  /** Whether a run with this footprint may be carried to another state. */
  static canSleep(fp: Footprint): boolean {
    return !fp.unknown && !fp.readsClock;
  }

  /** Whether the runs of `u` and `e` at one state commute (so each is asleep after the other). */
  independent(u: number, fpU: Footprint, e: number, fpE: Footprint): boolean {
    return !conflicts(fpU, u, fpE, e);
  }

  /** The runs asleep at `state`, forgotten here (a state is expanded once; one expanded again runs what it needs). */
  take(state: number): ReadonlyMap<number, SleepingRun<T>> | undefined {
    const z = this.asleep.get(state);
    if (z !== undefined) this.asleep.delete(state);
    return z;
  }

  /**
   * Hands `child`, reached by the run `fp` of `e`, the runs `known` at its parent that are asleep
   * there. A child already known keeps what it was handed first and gains what it lacked, if it
   * was not expanded yet (the runs asleep at a state do not depend on the path to it).
   */
  hand(child: number, childIsNew: boolean, childPending: Uint32Array, e: number, fp: Footprint, known: ReadonlyMap<number, SleepingRun<T>>): void {
    let z = this.asleep.get(child);
    if (z === undefined && !childIsNew) return;
    for (const [u, run] of known) {
      if (u === e || z?.has(u) || !pendingHas(childPending, u) || !this.independent(u, run.fp, e, fp)) continue;
      if (z === undefined) this.asleep.set(child, (z = new Map()));
      z.set(u, run);
    }
  }

  /** Forgets every sleep set (states expanded again at the fixpoint run what they need). */
  clear(): void {
    this.asleep.clear();
  }
}
