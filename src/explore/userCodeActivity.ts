import type { Request } from "../reconciler.ts";

/**
 * User code the exploration is about to run: a reconcile (of a request, on a state) or an
 * invariant (on a state). Observers told of it (`ExploreObserver.userCodeStarted`) can watch for
 * code that never returns: an isolated run's watchdog names the culprit this way.
 *
 * @example
 * ```ts
 * const running: UserCodeActivity = { kind: "reconcile", reconcilerId: "Foo", request: { namespace: "default", name: "foo" }, state: 3, stateId: "00000000000000a1" };
 * ```
 *
 * `state` is the state's number in the run's graph, `stateId` its fingerprint: a reconcile runs on
 * the state being expanded, an invariant on the state it checks.
 */
export type UserCodeActivity =
  | { kind: "reconcile"; reconcilerId: string; request: Request; state: number; stateId: string }
  | { kind: "invariant"; invariant: string; state: number; stateId: string };

/**
 * How messages name the code: `reconciler "Foo"` or `invariant "one pod"`.
 *
 * @example
 * ```ts
 * userCodeName({ kind: "invariant", invariant: "one pod", state: 3, stateId: "00000000000000a1" }); // 'invariant "one pod"'
 * ```
 */
export function userCodeName(activity: UserCodeActivity): string {
  return activity.kind === "reconcile" ? `reconciler "${activity.reconcilerId}"` : `invariant "${activity.invariant}"`;
}

/**
 * Where the code ran, for messages: `state 00000000000000a1, request default/foo`.
 *
 * @example
 * ```ts
 * userCodePlace({ kind: "reconcile", reconcilerId: "Foo", request: { namespace: "default", name: "foo" }, state: 3, stateId: "00000000000000a1" });
 * // "state 00000000000000a1, request default/foo"
 * ```
 */
export function userCodePlace(activity: UserCodeActivity): string {
  if (activity.kind === "invariant") return `state ${activity.stateId}`;
  const { namespace, name } = activity.request;
  return `state ${activity.stateId}, request ${namespace ? `${namespace}/` : ""}${name}`;
}
