/** When the next slice may run, and how to cancel it; the page's is `afterNextFrame`. */
export type Scheduler = (run: () => void) => () => void;

/**
 * Runs after the next frame has been drawn, as a task of its own: the frame (which renders what
 * the previous slice added) and the next slice are then two separate tasks, with input events
 * (the Stop button) handled in between.
 */
export function afterNextFrame(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/**
 * Work split into small steps, run in time-bounded slices, one slice per frame: a long job (adding
 * thousands of elements to the graph) never holds the page for longer than one slice. Starting new
 * work supersedes what is pending; the first slice runs at once, so work that fits in one slice is
 * done when `start` returns.
 *
 * @example
 * ```ts
 * const work = new FrameSlicedWork(50, afterNextFrame, () => performance.now());
 * let i = 0;
 * work.start(() => ++i < 1000, () => console.log("all done"));
 * ```
 */
export class FrameSlicedWork {
  private cancelPending: (() => void) | undefined;

  constructor(
    /** A slice stops taking steps once it has run this long. */
    private readonly sliceMs: number,
    private readonly schedule: Scheduler,
    private readonly now: () => number,
  ) {}

  /** Whether steps are left for a later frame. */
  get pending(): boolean {
    return this.cancelPending !== undefined;
  }

  /**
   * Runs `step` until it returns false (nothing left), then `done`. A step should be short
   * (milliseconds): the budget is checked between steps.
   */
  start(step: () => boolean, done: () => void): void {
    this.cancel();
    this.slice(step, done);
  }

  /** Drops the pending steps (`done` is not called). */
  cancel(): void {
    this.cancelPending?.();
    this.cancelPending = undefined;
  }

  private slice(step: () => boolean, done: () => void): void {
    this.cancelPending = undefined;
    const started = this.now();
    while (step()) {
      if (this.now() - started >= this.sliceMs) {
        this.cancelPending = this.schedule(() => this.slice(step, done));
        return;
      }
    }
    done();
  }
}
