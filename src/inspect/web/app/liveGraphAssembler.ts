import { KameraError } from "../../../kameraError.ts";
import type { KubeObject } from "../../../objects/kubeObject.ts";
import { ArrayResultGraph, type ArrayGraphState } from "../../../results/arrayResultGraph.ts";
import type { StepRecord } from "../../../explore/stepRecord.ts";
import type { GraphDelta } from "./workerProtocol.ts";

/**
 * Appends one array to another. `push(...more)` passes every element as an argument, and a delta
 * the worker sends after a long progress tick (or at the end) has more of them than the stack holds.
 */
function append<T>(to: T[], more: readonly T[]): void {
  for (const x of more) to.push(x);
}

/**
 * Rebuilds, on the page, the graph a worker streams as deltas (see `GraphDeltaRecorder`). The
 * graph is an `ArrayResultGraph`, so a live exploration and a loaded dump are inspected by the
 * same code.
 *
 * @example
 * ```ts
 * const assembler = new LiveGraphAssembler();
 * worker.onmessage = (m) => { assembler.apply(m.data.delta); draw(assembler.graph(false)); };
 * ```
 */
export class LiveGraphAssembler {
  private readonly objects: KubeObject[] = [];
  private readonly states: ArrayGraphState[] = [];
  private readonly steps: StepRecord[] = [];
  private readonly edges: [number, number, number][] = [];
  private cached: ArrayResultGraph | undefined;
  private cachedComplete: boolean | undefined;

  /** Applies one delta; deltas must be applied in the order the worker sent them. */
  apply(delta: GraphDelta): void {
    append(this.objects, delta.objects);
    for (const s of delta.states) {
      const known = this.states[s.index];
      if (known) {
        this.states[s.index] = { ...known, outcome: s.outcome, depth: s.depth };
        continue;
      }
      if (s.index !== this.states.length) {
        throw new KameraError(`live exploration: state ${s.index} arrived before state ${this.states.length} (deltas out of order)`);
      }
      const objects = s.objects.map((i) => {
        const o = this.objects[i];
        if (o === undefined) throw new KameraError(`live exploration: state ${s.index} refers to object ${i}, which was never sent`);
        return o;
      });
      this.states.push({ id: s.id, depth: s.depth, outcome: s.outcome, objects, pending: s.pending });
    }
    append(this.steps, delta.steps);
    append(this.edges, delta.edges);
    if (delta.states.length || delta.steps.length || delta.edges.length) this.cached = undefined;
  }

  /** Number of states received so far. */
  get stateCount(): number {
    return this.states.length;
  }

  /** The graph received so far (rebuilt only when something changed since the last call). */
  graph(complete: boolean): ArrayResultGraph {
    if (this.cached === undefined || this.cachedComplete !== complete) {
      this.cached = new ArrayResultGraph({ states: this.states.slice(), steps: this.steps.slice(), edges: this.edges.slice(), complete });
      this.cachedComplete = complete;
    }
    return this.cached;
  }
}
