/**
 * The most client calls and `ctx.choose` calls one reconcile may make. A reconcile against the
 * simulated server never sees an answer change while it runs, so one that polls will poll forever;
 * this bound catches such a loop even when the time budget is generous.
 */
export const MAX_CALLS_PER_RECONCILE = 1_000_000;

/** The error a reconcile cut off by its budget fails with: kamera raised it, so it has no user stack frame. */
export class ReconcileTimeout extends Error {
  override readonly name = "ReconcileTimeout";
  constructor(message: string) {
    super(message);
    // Its stack would point into kamera, not at the user's code.
    this.stack = `${this.name}: ${message}`;
  }
}

/** "5 s", "1.5 s", "250 ms": how long a time budget was, as a person would say it. */
export function durationText(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(3))} s` : `${ms} ms`;
}

/**
 * One reconcile's time and call budget, checked at every client call and `ctx.choose`. A timer
 * cannot cut off a reconcile that loops on `await client.get()`: its promises settle in
 * microtasks, so the timer never gets to run. The budget is read from the monotonic clock at each
 * call instead. Once spent it stays spent: every later call throws the same error, so a reconcile
 * that catches it and carries on cannot make progress, and the run reports it as the step's error.
 */
export class ReconcileBudget {
  private calls = 0;
  private readonly deadline: number;
  /** Set once the budget is spent, by a call or by the run's timer. */
  spent: ReconcileTimeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    /** "reconcile of X on ns/name", for the error. */
    private readonly what: string,
    private readonly onSpent: () => void,
    private readonly maxCalls = MAX_CALLS_PER_RECONCILE,
  ) {
    this.deadline = performance.now() + timeoutMs;
  }

  /** Counts one call (`call` names it, e.g. "get") and throws if the budget is spent. */
  check(call: string): void {
    if (this.spent) throw this.spent;
    this.calls++;
    if (this.calls > this.maxCalls) {
      this.spend(
        `${this.what} made more than ${this.maxCalls.toLocaleString("en-US")} client and ctx.choose calls (the last: ${call}); ` +
          `a reconcile that polls never sees a different answer in kamera, so it would never return`,
      );
    } else if (performance.now() > this.deadline) {
      this.spend(
        `${this.what} did not return within ${durationText(this.timeoutMs)} (it was still calling ${call}, call ${this.calls.toLocaleString("en-US")}; ` +
          `raise reconcileTimeoutMs / --reconcile-timeout if it is only slow)`,
      );
    }
    if (this.spent) throw this.spent;
  }

  /** Spends the budget with `message` (the run's timer does this for a promise that never settles). */
  spend(message: string): ReconcileTimeout {
    if (!this.spent) {
      this.spent = new ReconcileTimeout(message);
      this.onSpent();
    }
    return this.spent;
  }
}
