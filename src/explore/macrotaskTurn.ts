/**
 * One promise per macrotask turn, resolved by a single `setImmediate` and shared by everyone who
 * asks before that turn comes. A reconcile that still has not settled when it resolves is waiting
 * on something outside the microtask queue (a timer, I/O, a promise that never settles): the
 * event loop only reaches a macrotask once the microtask queue is empty. Sharing the turn means a
 * search whose reconciles all settle within microtasks schedules one immediate per turn of the
 * event loop instead of one per reconcile (thousands pile up between the search's own yields).
 */
let turn: Promise<void> | undefined;

function schedule(): Promise<void> {
  return new Promise<void>((resolve) =>
    setImmediate(() => {
      // Whoever asks from now on waits for the following turn, never for one already past.
      turn = undefined;
      resolve();
    }),
  );
}

/**
 * A promise that resolves at the next macrotask turn (`setImmediate`), shared with other callers
 * waiting for the same turn.
 *
 * @example
 * ```ts
 * await Promise.race([work, nextMacrotaskTurn()]); // did `work` settle within microtasks?
 * ```
 */
export function nextMacrotaskTurn(): Promise<void> {
  return (turn ??= schedule());
}
