import type { WalkMove, WalkPolicy, WalkStep } from "../walker.ts";
import { SeededRandom } from "./seededRandom.ts";

/**
 * Delay-bounded scheduling (Emmi, Qadeer, Rakamarić, "Delay-Bounded Scheduling", POPL 2011). The
 * deterministic scheduler is a FIFO work queue, as a controller's workqueue is: the reconcile at
 * the head runs, and one that becomes pending joins the back (reconciles that become pending at
 * the same step join in an order fixed by the seed). A delay at a step sends the head to the back
 * before the step runs. The schedules with at most `delays` delays are enumerated breadth-first
 * over the number of delays: the walk with no delay, then one delay at each step of it, then two;
 * delays that would wrap round the whole queue (and so repeat a schedule) are skipped. When every
 * such schedule has been walked the strategy has no walk left. Which outcome of the scheduled
 * reconcile to follow (a staleness view, a `ctx.choose` combination) is drawn from the seed.
 */
export class DelayBoundedPolicy implements WalkPolicy {
  private readonly random: SeededRandom;
  /** Delay positions (step numbers, non-decreasing, a step repeated once per delay there), in the order they are walked. */
  private readonly schedules: number[][] = [[]];
  private next = 0;
  private current: readonly number[] = [];
  private queue: string[] = [];
  /** The queue's length at each step of the current walk. */
  private queueLengths: number[] = [];

  constructor(
    private readonly seed: number,
    private readonly delays: number,
  ) {
    this.random = new SeededRandom(seed);
  }

  beginWalk(): boolean {
    const schedule = this.schedules[this.next];
    if (schedule === undefined) return false;
    this.next++;
    this.current = schedule;
    this.queue = [];
    this.queueLengths = [];
    return true;
  }

  async choose(step: WalkStep): Promise<WalkMove | undefined> {
    const enabled = new Set(step.labels);
    this.queue = this.queue.filter((l) => enabled.has(l));
    const queued = new Set(this.queue);
    const joining = step.labels.filter((l) => !queued.has(l)).sort((a, b) => this.rank(a) - this.rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    this.queue.push(...joining);
    this.queueLengths[step.step] = this.queue.length;
    let delays = 0;
    for (const p of this.current) if (p === step.step) delays++;
    for (let i = 0; i < delays % this.queue.length; i++) this.queue.push(this.queue.shift()!);
    // The head runs and leaves the queue; if it is pending again afterwards it rejoins at the back.
    const label = this.queue.shift()!;
    const moves = await step.moves(step.labels.indexOf(label));
    return moves.length > 0 ? this.random.pick(moves) : undefined;
  }

  endWalk(steps: number): void {
    if (this.current.length >= this.delays) return;
    const from = this.current.length > 0 ? this.current[this.current.length - 1]! : 0;
    for (let p = from; p < steps; p++) {
      let already = 0;
      for (const q of this.current) if (q === p) already++;
      if (already + 1 >= (this.queueLengths[p] ?? 0)) continue;
      this.schedules.push([...this.current, p]);
    }
  }

  /** The seed's order among reconciles that join the queue together (FNV-1a of the label, mixed with the seed). */
  private rank(label: string): number {
    let h = (0x811c9dc5 ^ this.seed) >>> 0;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }
}
