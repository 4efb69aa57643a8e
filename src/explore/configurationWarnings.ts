import type { ResultGraph } from "./resultGraph.ts";
import { kindOf } from "../kinds.ts";
import type { ExplorerConfig } from "./explorerConfig.ts";
import type { InitialState } from "./initialStateBuilder.ts";

/**
 * Misconfigurations an exploration can run with but that probably do not mean what they say,
 * found by comparing the registrations, the initial state and what was explored. Each names the
 * call and suggests a fix. They are warnings, not errors: each has a legitimate reading.
 *
 * - A pending reconcile (from `addTopLevelObject` or `enqueue`) names a reconciler whose primary
 *   kind (`.for`) has no object of that namespace/name in the initial state, while an object of
 *   another kind does: the reconciler will look up its own kind and most likely find nothing.
 * - A reconciler's `.for` kind appears in no explored state: it was never given anything to do
 *   by its primary kind (a typo in the group, or objects seeded under another apiVersion).
 *   Only after a complete search: a stopped one may not have reached the state that has it.
 *
 * @example
 * ```ts
 * configurationWarnings(config, initial, graph, true);
 * // ['addTopLevelObject(core/ConfigMap default/x, "FooController"): ...']
 * ```
 */
export function configurationWarnings(config: ExplorerConfig, initial: InitialState, graph: ResultGraph, complete: boolean): string[] {
  const warnings: string[] = [];
  const primaryOf = new Map(config.registrations.map((r) => [r.id, r.for]));
  const seeded = new Map<string, string[]>(); // "ns/name" -> kinds
  for (const { kind, object } of initial.objects) {
    const key = `${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}`;
    seeded.set(key, [...(seeded.get(key) ?? []), kind]);
  }
  const warned = new Set<string>();
  for (const { reconcilerId, request } of initial.pending) {
    const primary = primaryOf.get(reconcilerId);
    if (primary === undefined) continue;
    const kinds = seeded.get(`${request.namespace}/${request.name}`) ?? [];
    if (kinds.includes(primary) || kinds.length === 0) continue;
    const key = `${reconcilerId}|${kinds[0]}`;
    if (warned.has(key)) continue;
    warned.add(key);
    const owners = config.registrations.filter((r) => r.for === kinds[0]).map((r) => `"${r.id}"`);
    const where = `${request.namespace ? `${request.namespace}/` : ""}${request.name}`;
    warnings.push(
      `addTopLevelObject(${kinds[0]} ${where}, "${reconcilerId}"): "${reconcilerId}" reconciles ${primary} (its .for), not ${kinds[0]}, ` +
        `so it will look for a ${primary} named ${where}. ` +
        (owners.length > 0 ? `Did you mean ${owners.join(" or ")}, whose .for is ${kinds[0]}?` : `Did you mean .for("${kinds[0]}"), or to seed a ${primary}?`),
    );
  }
  if (complete) {
    // A registration without a primary kind (the garbage collector watches everything) is never "missing".
    const missing = new Set(config.registrations.filter((r) => r.for !== "").map((r) => r.for));
    for (let s = 0; s < graph.stateCount() && missing.size > 0; s++) {
      for (const o of graph.objects(s)) missing.delete(kindOfSafe(o) ?? "");
    }
    for (const r of config.registrations) {
      if (!missing.has(r.for)) continue;
      warnings.push(
        `.for("${r.for}") of reconciler "${r.id}": no object of that kind exists in any explored state, so nothing of its primary kind triggered it. ` +
          `Check the kind's group against the seeded objects' apiVersion (${seededKinds(initial)}).`,
      );
    }
  }
  const timedOut = timedOutSteps(graph);
  if (timedOut !== undefined) warnings.push(timedOut);
  return warnings;
}

/** A reconcile cut off by the wall clock (not by the call bound, which is deterministic): `ReconcileBudget`'s and `runReconcile`'s messages. */
const WALL_CLOCK_TIMEOUT = /^ReconcileTimeout: .*( did not return within | timed out after )/;

/**
 * The warning for transitions whose reconcile ran out of `reconcileTimeoutMs`. The budget is wall
 * clock, so a reconcile that is only slow — a loaded machine, a long garbage-collection pause —
 * can run out of it on one run and not on the next: its step is then an error, and the states
 * after it are not what the reconcile makes. Such a result must not pass for a normal one.
 */
function timedOutSteps(graph: ResultGraph & { stepCount?(): number }): string | undefined {
  // Steps are usually far fewer than edges, and a timeout is rare: look at the edges only when some step timed out.
  const steps = graph.stepCount?.();
  if (steps !== undefined) {
    let any = false;
    for (let s = 0; s < steps && !any; s++) any = isWallClockTimeout(graph.step(s).error);
    if (!any) return undefined;
  }
  const verdict = new Map<number, boolean>();
  let count = 0;
  let first: string | undefined;
  for (let e = 0; e < graph.edgeCount(); e++) {
    const step = graph.edge(e)[2];
    let timedOut = verdict.get(step);
    if (timedOut === undefined) {
      const error = graph.step(step).error;
      timedOut = isWallClockTimeout(error);
      verdict.set(step, timedOut);
      if (timedOut) first ??= error;
    }
    if (timedOut) count++;
  }
  if (count === 0) return undefined;
  return (
    `${count.toLocaleString("en-US")} transition${count === 1 ? "" : "s"} ran out of the reconcile time budget (reconcileTimeoutMs, wall clock) and ${count === 1 ? "is an error step" : "are error steps"} in this result, ` +
    `e.g. "${first!.replace(/^ReconcileTimeout: /, "")}". If the reconcile is only slow (a loaded machine, a long pause), the states after it are not what it would make: ` +
    `explore again, or raise reconcileTimeoutMs / --reconcile-timeout.`
  );
}

function isWallClockTimeout(error: string | undefined): boolean {
  return error !== undefined && WALL_CLOCK_TIMEOUT.test(error);
}

function kindOfSafe(o: { apiVersion?: unknown; kind?: unknown }): string | undefined {
  try {
    return kindOf(o);
  } catch {
    return undefined; // every stored object was validated when written; this is only defensive
  }
}

function seededKinds(initial: InitialState): string {
  const kinds = [...new Set(initial.objects.map((o) => o.kind))].sort();
  return kinds.length ? `seeded kinds: ${kinds.join(", ")}` : "nothing is seeded";
}
