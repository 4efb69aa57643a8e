import type { ExploreOutcome } from "../../src/explore/explorer.ts";
import type { ResultState } from "../../src/explore/exploreResult.ts";
import { normalizeForIdentity } from "../../src/objects/identityMask.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";

/**
 * An object as a state's identity sees it: without the fields another path to the same state may
 * give other values (resourceVersion, timestamps, generation, managedFields), which a parallel run
 * may take from another path than a single-worker run (docs/scale-out.md, "Equal results").
 */
function identityOf(obj: KubeObject): unknown {
  return normalizeForIdentity(obj, []);
}

function stateShape(s: ResultState): unknown {
  return {
    id: s.id,
    reason: s.reason,
    error: s.error,
    failedReconcile: s.failedReconcile,
    objects: s.objects.map(identityOf),
    pending: s.pending,
    pathCount: s.pathCount.toString(),
    pathCountInfinite: s.pathCountInfinite,
    cycle: s.cycle?.map((step) => [step.reconcilerId, step.request, step.stateBefore, step.stateAfter]),
  };
}

/**
 * Everything a result says that a parallel run must reproduce: every state's id, depth and
 * outcome in id order, every edge, path counts, converged worlds, livelocks, failing reconcilers,
 * violations and the search counters.
 */
export function resultShape(r: ExploreOutcome): unknown {
  const g = r.graph;
  const states = Array.from({ length: g.stateCount() }, (_, s) => [g.stateId(s), g.depth(s), g.outcome(s).kind, g.outcome(s).reason ?? ""]);
  const edges = Array.from({ length: g.edgeCount() }, (_, e) => {
    const [from, to, step] = g.edge(e);
    const rec = g.step(step);
    return [from, to, rec.reconcilerId, rec.request.namespace, rec.request.name, rec.error ?? "", rec.effects.map((x) => `${x.op} ${x.kind} ${x.namespace}/${x.name}`).join(",")];
  });
  const { counts, flags } = g.pathCounts();
  const { durationMs: _d, statesPerSecond: _s, reconcilesExecuted: _e, reconcilesReplayed: _r, ...stats } = r.stats;
  return {
    complete: r.complete,
    stopReason: r.stopReason,
    stats,
    states,
    edges,
    pathCounts: [...counts].map(String),
    pathFlags: [...flags],
    converged: r.convergedStates.map(stateShape),
    aborted: r.abortedStates.map(stateShape),
    livelocks: r.nonConverging.map(stateShape),
    keepsFailing: r.keepsFailing.map(stateShape),
    violations: r.violations.map((v) => [v.invariant, v.message, v.stateId, v.path.map((s) => [s.reconcilerId, s.request, s.stateAfter])]),
    warnings: r.warnings,
  };
}
