import type { WalkMove, WalkPolicy, WalkStep } from "../walker.ts";

/**
 * A walk strategy's `length` parameter: its walks restart from the initial state after at most
 * `length` steps (the explore's `maxDepth` still bounds them too). The policy it wraps sees walks
 * that end there, as it sees walks that reach a converged state.
 */
export class LengthBoundedPolicy implements WalkPolicy {
  constructor(
    private readonly policy: WalkPolicy,
    private readonly length: number,
  ) {}

  beginWalk(walk: number): boolean {
    return this.policy.beginWalk(walk);
  }

  choose(step: WalkStep): Promise<WalkMove | undefined> {
    return step.step >= this.length ? Promise.resolve(undefined) : this.policy.choose(step);
  }

  endWalk(steps: number): void {
    this.policy.endWalk(steps);
  }
}
