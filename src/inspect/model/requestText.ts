import type { PendingReconcile } from "../../explore/exploreResult.ts";

/**
 * A reconcile request or an object as both inspectors name it: `namespace/name`, or the name
 * alone for a cluster-scoped one.
 *
 * @example
 * ```ts
 * requestText({ namespace: "default", name: "foo" }); // "default/foo"
 * ```
 */
export function requestText(r: { readonly namespace: string; readonly name: string }): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

/**
 * A pending (or failed) reconcile: `FooController default/foo`.
 *
 * @example
 * ```ts
 * pendingText({ reconcilerId: "FooController", request: { namespace: "default", name: "foo" } });
 * ```
 */
export function pendingText(p: PendingReconcile): string {
  return `${p.reconcilerId} ${requestText(p.request)}`;
}
