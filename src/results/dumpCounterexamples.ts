import { KameraError } from "../kameraError.ts";
import type { ExploreResult } from "../explore/exploreResult.ts";
import type { DecodedCounterexample } from "./dumpDecoder.ts";

/**
 * Gives a result rebuilt from a dump's graph the counterexample paths the dump stored, with
 * their `shortest` claims: under a reduction the live result's paths were the full graph's
 * shortest, which the reduced graph alone gives back longer (or not at all, through states it
 * does not hold). Each stored counterexample must match one of the result (a violation by state
 * and invariant, a loop by the state of a livelock or failing reconciler); one that matches
 * none gives a `KameraError` naming `source`, never a silently dropped path.
 *
 * @example
 * ```ts
 * const decoded = await readDumpFile("run.dump.json");
 * const result = buildExploreResult(decoded.graph, { stats: decoded.stats, complete: decoded.complete });
 * applyDumpCounterexamples(result, decoded.counterexamples, "run.dump.json");
 * ```
 */
export function applyDumpCounterexamples(result: ExploreResult, counterexamples: readonly DecodedCounterexample[], source: string): void {
  if (counterexamples.length === 0) return;
  const violations = new Map(result.violations.map((v) => [`${v.stateId} ${v.invariant}`, v]));
  const loops = new Map([...result.nonConverging, ...result.keepsFailing].map((s) => [s.id, s]));
  counterexamples.forEach((c, i) => {
    const problem = (what: string): KameraError => new KameraError(`cannot load dump ${source}: counterexamples[${i}]: ${what} (damaged or edited file)`);
    if (c.kind === "violation") {
      const v = violations.get(`${c.stateId} ${c.invariant}`);
      if (v === undefined) throw problem(`the graph has no violation of "${c.invariant}" at state "${c.stateId}"`);
      define(v, "path", c.path);
      v.shortest = c.shortest;
      return;
    }
    const state = loops.get(c.stateId);
    if (state === undefined) throw problem(`state "${c.stateId}" is no livelock or failing reconciler of the graph`);
    if (c.path !== undefined) define(state, "paths", [c.path]);
    if (c.cycle !== undefined) define(state, "cycle", c.cycle);
    state.shortest = c.shortest;
  });
}

/** Replaces a (possibly lazy) property of a result object with a plain value. */
function define(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
}
