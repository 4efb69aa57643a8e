/** A reconcile request: which object to reconcile. `namespace` is "" for cluster-scoped objects. */
export interface Request {
  namespace: string;
  name: string;
}

/** What a reconcile returns: ask to run again now (`requeue`) or after `requeueAfter` ms. */
export interface ReconcileResult {
  requeue?: boolean;
  requeueAfter?: number;
}

/** What a reconcile gets besides its request. */
export interface ReconcileContext {
  /** The simulated clock: Unix epoch + depth × tick. */
  now(): Date;
  /**
   * Explicit nondeterminism: every option is explored as its own transition. The default search
   * (`dfs`) tries the options in the order they are listed, so list the expected outcome first
   * and faults or rare outcomes after it: `ctx.choose("crash here", [false, true])`.
   */
  choose<T>(label: string, options: readonly T[]): T;
  /** Aborted when the reconcile exceeds its time budget or the exploration stops. */
  signal: AbortSignal;
  log(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * A controller's reconcile function, as in controller-runtime. Throwing is like returning an
 * error: the request is requeued and the error recorded on the step.
 *
 * @example
 * ```ts
 * class Noop implements Reconciler { async reconcile() { return; } }
 * ```
 */
export interface Reconciler {
  reconcile(
    req: Request,
    ctx: ReconcileContext,
  ): Promise<ReconcileResult | void> | ReconcileResult | void;
}
