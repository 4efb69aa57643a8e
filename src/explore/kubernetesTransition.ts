import type { ServerMeta } from "../apiserver/serverMeta.ts";
import type { Transition } from "./checker.ts";
import type { ReconcileOutcome } from "./reconcileRun.ts";
import type { StaleState } from "./staleness.ts";
import type { StateOutcome } from "./stateOutcome.ts";

/** A transition with what the model needs to know of the state it leads to. */
export interface KubernetesTransition extends Transition {
  /** The run that made it: its `world` is the new state's (a replay makes it only when read). */
  run: ReconcileOutcome;
  meta: ServerMeta;
  stale: StaleState;
  /** The abort outcome of a failing reconcile under `abortOnError`. */
  failure?: StateOutcome;
}
