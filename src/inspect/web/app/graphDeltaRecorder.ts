import type { KubeObject } from "../../../objects/kubeObject.ts";
import type { ResultGraph } from "../../../explore/resultGraph.ts";
import type { DeltaState, GraphDelta } from "./workerProtocol.ts";

/**
 * Remembers what has been sent of a growing graph and produces the next delta. Object versions are
 * recognized by identity: the explorer shares one frozen instance per version, so each is sent
 * once, and the page's copies keep that sharing (results group converged states by it).
 *
 * @example
 * ```ts
 * const recorder = new GraphDeltaRecorder();
 * postMessage({ type: "progress", delta: recorder.next(graph), stats });
 * ```
 */
export class GraphDeltaRecorder {
  private readonly objectIndex = new Map<KubeObject, number>();
  /** Per state sent: outcome and depth as last sent, to notice changes. */
  private readonly sentSignature: string[] = [];
  private sentSteps = 0;
  private sentEdges = 0;

  /**
   * Everything that changed in `graph` since the previous call. `stepCount` is the number of steps
   * recorded so far (steps are numbered densely in the order they ran).
   */
  next(graph: ResultGraph, stepCount: number): GraphDelta {
    const delta: GraphDelta = { objects: [], states: [], steps: [], edges: [] };
    const n = graph.stateCount();
    for (let s = 0; s < n; s++) this.noteState(graph, s, delta);
    this.noteStepsAndEdges(graph, stepCount, delta);
    return delta;
  }

  /**
   * Like `next`, but in time proportional to what is new: new states, steps and edges, and of the
   * states sent before only those in `touched` are checked for a changed outcome or depth. For a
   * stream sent very often; a `next` now and then catches the changes this one does not look for.
   */
  nextNew(graph: ResultGraph, stepCount: number, touched: Iterable<number>): GraphDelta {
    const delta: GraphDelta = { objects: [], states: [], steps: [], edges: [] };
    const sent = this.sentSignature.length;
    for (const s of touched) if (s < sent) this.noteState(graph, s, delta);
    const n = graph.stateCount();
    for (let s = sent; s < n; s++) this.noteState(graph, s, delta);
    this.noteStepsAndEdges(graph, stepCount, delta);
    return delta;
  }

  /** Adds state `s` to `delta` when it is new or its outcome or depth changed since it was sent. */
  private noteState(graph: ResultGraph, s: number, delta: GraphDelta): void {
    const outcome = graph.outcome(s);
    const depth = graph.depth(s);
    const signature = `${outcome.kind}|${outcome.reason ?? ""}|${depth}`;
    if (this.sentSignature[s] === signature) return;
    const isNew = s >= this.sentSignature.length;
    this.sentSignature[s] = signature;
    const state: DeltaState = {
      index: s,
      id: graph.stateId(s),
      depth,
      outcome,
      // A state's objects and pending set never change; only new states carry them.
      objects: isNew ? graph.objects(s).map((o) => this.objectId(o, delta)) : [],
      pending: isNew ? graph.pending(s) : [],
    };
    delta.states.push(state);
  }

  private noteStepsAndEdges(graph: ResultGraph, stepCount: number, delta: GraphDelta): void {
    for (; this.sentSteps < stepCount; this.sentSteps++) delta.steps.push(graph.step(this.sentSteps));
    const edges = graph.edgeCount();
    for (; this.sentEdges < edges; this.sentEdges++) {
      const [from, to, step] = graph.edge(this.sentEdges);
      delta.edges.push([from, to, step]);
    }
  }

  private objectId(object: KubeObject, delta: GraphDelta): number {
    let id = this.objectIndex.get(object);
    if (id === undefined) {
      id = this.objectIndex.size;
      this.objectIndex.set(object, id);
      delta.objects.push(object);
    }
    return id;
  }
}
