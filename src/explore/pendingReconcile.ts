import type { Request } from "../reconciler.ts";

/**
 * A reconcile waiting in a controller's work queue.
 *
 * @example
 * ```ts
 * const p: PendingReconcile = { reconcilerId: "FooController", request: { namespace: "default", name: "foo" } };
 * ```
 */
export interface PendingReconcile {
  reconcilerId: string;
  request: Request;
}
