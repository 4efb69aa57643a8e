import type { ResultGraph } from "./resultGraph.ts";
import { isEffectful, stepSignature } from "./pathSignature.ts";

/** One unique effectful path, as edge ids from the initial state, with its signature. */
export interface EdgePath {
  signature: string;
  edges: number[];
}

/**
 * Enumerates the unique effectful paths from state 0 to `targets` (one per signature), up to `cap`.
 *
 * Walks backwards from the targets along simple paths, remembering which (state, signature of the
 * rest of the path) pairs it has already expanded: any two walks that meet a state with the same
 * suffix signature produce the same set of full signatures, so the second is cut. That keeps the
 * work proportional to the distinct signatures rather than to the (exponential) number of paths.
 * Results are sorted by length, then signature, so the order is the same for every strategy.
 * `ending` marks the steps that end their path (failing steps under `abortOnError`, see
 * failingStepsEndPaths.ts): no path goes past one, and with `last` every path ends with one.
 */
export function uniqueEffectfulPaths(
  graph: ResultGraph,
  targets: readonly number[],
  cap: number,
  ending?: { ending: Uint8Array; last: boolean },
): { paths: EdgePath[]; truncated: boolean } {
  const found = new Map<string, number[]>();
  const seen = new Set<string>();
  const onPath = new Uint8Array(graph.stateCount());
  let truncated = false;
  // Budget on expansions so a pathological graph cannot hang result building.
  let budget = Math.max(100_000, cap * 2_000);

  interface Frame {
    state: number;
    suffix: string; // signature of the path from this state to the target
    edges: number[]; // edges from this state to the target, in path order (reversed later)
    preds: ArrayLike<number>;
    next: number;
  }
  for (const target of targets) {
    if (truncated) break;
    const stack: Frame[] = [];
    const push = (state: number, suffix: string, edges: number[]): void => {
      if (state === 0) {
        if (!found.has(suffix)) {
          if (found.size >= cap) {
            truncated = true;
            return;
          }
          found.set(suffix, [...edges].reverse());
        }
        // State 0 may also lie on a cycle; continuing backwards would only repeat it.
        return;
      }
      const memo = `${state}|${suffix}`;
      if (seen.has(memo)) return;
      seen.add(memo);
      onPath[state] = 1;
      stack.push({ state, suffix, edges, preds: graph.predecessors(state), next: 0 });
    };
    // Where the walk back starts. A target where failing steps ended paths: from those steps only,
    // one after the other (a walk's `onPath` marks must be its own).
    const starts: [number, string, number[]][] = [];
    if (ending?.last) {
      const preds = graph.predecessors(target);
      for (let i = 0; i < preds.length; i++) {
        const e = preds[i]!;
        if (ending.ending[e]) starts.push([graph.edge(e)[0], stepSignature(graph.step(graph.edge(e)[2])), [e]]);
      }
    } else {
      starts.push([target, "", []]);
    }
    for (const start of starts) {
      if (truncated) break;
      push(...start);
      while (stack.length > 0 && !truncated) {
        const frame = stack[stack.length - 1]!;
        if (frame.next >= frame.preds.length || --budget < 0) {
          if (budget < 0) truncated = true;
          onPath[frame.state] = 0;
          stack.pop();
          continue;
        }
        const e = frame.preds[frame.next++]!;
        if (ending?.ending[e]) continue;
        const [from] = graph.edge(e);
        if (onPath[from] && from !== 0) continue;
        const step = graph.step(graph.edge(e)[2]);
        const suffix = isEffectful(step)
          ? frame.suffix
            ? `${stepSignature(step)},${frame.suffix}`
            : stepSignature(step)
          : frame.suffix;
        push(from, suffix, [...frame.edges, e]);
      }
    }
    for (const f of stack) onPath[f.state] = 0;
  }
  const paths = [...found].map(([signature, edges]) => ({ signature, edges }));
  paths.sort((a, b) => a.edges.length - b.edges.length || (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
  return { paths, truncated };
}
