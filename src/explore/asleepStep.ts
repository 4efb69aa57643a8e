import type { ServerMeta } from "../apiserver/serverMeta.ts";
import { KameraError } from "../kameraError.ts";
import type { KubernetesTransition } from "./kubernetesTransition.ts";
import type { ReconcileOutcome } from "./reconcileRun.ts";
import type { StaleState } from "./staleness.ts";

/**
 * What a sleeping run keeps of the transition it made where it ran: enough to add its edge to a
 * known state elsewhere (its writes, its step), and not the run itself, which may hold whole
 * worlds. Sleep sets wait, for states deep in a depth-first search, until those states are
 * expanded: holding the runs there kept them alive that long, for the garbage collector to copy.
 */
export class AsleepStep {
  readonly step: number;
  readonly changed: Uint32Array;
  readonly cursors: Uint32Array;
  readonly stale: StaleState;
  readonly priority: number | undefined;
  constructor(t: KubernetesTransition) {
    this.step = t.step;
    this.changed = t.changed;
    this.cursors = t.cursors;
    this.stale = t.stale;
    this.priority = t.priority;
  }
  /** The transition to a known state with step record `step` and pending set `pending`. */
  to(step: number, pending: Uint32Array): KubernetesTransition {
    return new KnownStateStep(step, this.changed, pending, this.cursors, this.stale, this.priority);
  }
}

/** A transition added from a sleeping run: to a known state, whose run and bookkeeping nothing reads (it is not discovered). */
class KnownStateStep implements KubernetesTransition {
  constructor(
    readonly step: number,
    readonly changed: Uint32Array,
    readonly pending: Uint32Array,
    readonly cursors: Uint32Array,
    readonly stale: StaleState,
    readonly priority: number | undefined,
  ) {}
  get run(): ReconcileOutcome {
    throw new KameraError("internal error: the run of a sleeping transition was read; please report this with the scenario");
  }
  get meta(): ServerMeta {
    throw new KameraError("internal error: the server bookkeeping of a sleeping transition was read; please report this with the scenario");
  }
}
