import { KameraError } from "../kameraError.ts";

/**
 * A schedule that no longer fits the scenario: a step whose reconcile is not pending where it is
 * reached, whose view its reconciler cannot take there, whose `ctx.choose` calls differ, or that
 * follows a state the exploration would not go on from. The message names the step and what
 * could run instead.
 *
 * @example
 * ```ts
 * try { await explorer.replay(initial, schedule); } catch (e) { if (e instanceof ScheduleDriftError) console.log(e.step, e.enabled); }
 * ```
 */
export class ScheduleDriftError extends KameraError {
  constructor(
    message: string,
    /** The step that does not fit, counted from 1. */
    readonly step: number,
    /** What could run at that step instead, one step line each (empty when nothing could). */
    readonly enabled: readonly string[],
  ) {
    super(message);
  }
}
