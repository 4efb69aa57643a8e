import type { ExploreResult, Path, ResultState, Scenario } from "../../src/index.ts";

/**
 * The kinds of controller bug in the corpus, after the Sieve paper's taxonomy plus two of ours:
 * - `stale-read`: a controller restarted against a lagging API server acts on an old view ("time travel");
 * - `unobserved-state`: a controller misses a state that came and went between two of its reconciles;
 * - `intermediate-state`: a controller crashes half-way through a multi-write action and does not
 *   recover from the state it left;
 * - `livelock`: controllers keep undoing each other's writes and never settle;
 * - `race`: two controllers interleave so that one acts on a fact the other has not recorded yet.
 */
export type BugClass = "stale-read" | "unobserved-state" | "intermediate-state" | "livelock" | "race";

/**
 * What reveals the bug: an invariant that fails on some state (checked on every state), a
 * converged state that must not exist (an invariant checked on converged states, or a predicate
 * over them), or a livelock (a set of states that can never converge).
 */
export type OutcomeKind = "invariant" | "converged-state" | "livelock";

/** The published report a corpus entry models. */
export interface UpstreamReference {
  /** `owner/repo#number` or the tracker's id. */
  ref: string;
  url: string;
  /** The paper whose tool found it, or "kamera" for the bundled teaching examples. */
  source: string;
}

/** One bug of the corpus, with what a benchmark needs to know about it. */
export interface CorpusBug {
  /** The name of its scenario (the buggy variant). */
  name: string;
  /** Where its scenario module lives, relative to the repository root (what `kamera explore` takes). */
  module: string;
  upstream: UpstreamReference;
  bugClass: BugClass;
  outcome: OutcomeKind;
  /** Whether only a restart against a lagging view (`withStaleness`) reveals it. */
  needsStaleness: boolean;
  /** Whether its shortest counterexample is longer than 10 steps. */
  deep: boolean;
  /** The scenario; `{ fixed: true }` gives the variant with the fix, in which no exploration finds the bug. */
  scenario(opts: { fixed: boolean }): Scenario;
  /**
   * The shortest counterexample the result holds, or undefined when it does not show the bug. For
   * an invariant (including one on converged states) or a livelock it is the shortest path in the
   * explored graph, every step counted; for a converged-state predicate it is the shortest of the
   * state's unique effectful paths, which count only the steps that wrote or threw.
   */
  counterexample(result: ExploreResult): Path | undefined;
}

function shortest(paths: readonly Path[]): Path | undefined {
  let best: Path | undefined;
  for (const p of paths) if (!best || p.length < best.length) best = p;
  return best;
}

/** The shortest path to a state where the named invariant failed. */
export function violationOf(invariant: string): (result: ExploreResult) => Path | undefined {
  return (result) => shortest(result.violations.filter((v) => v.invariant === invariant).map((v) => v.path));
}

/** The shortest path into a livelock. */
export function livelockPath(result: ExploreResult): Path | undefined {
  return shortest(result.nonConverging.filter((s) => s.reason === "livelock").flatMap((s) => s.paths));
}

/** The shortest unique effectful path to a converged state matching `bad`. */
export function convergedWhere(bad: (state: ResultState) => boolean): (result: ExploreResult) => Path | undefined {
  return (result) => shortest(result.convergedStates.filter(bad).flatMap((s) => s.paths));
}
