import type { KubeObject } from "../objects/kubeObject.ts";
import type { PendingReconcile } from "./exploreResult.ts";
import type { WorldReader } from "../apiserver/worldReader.ts";

/**
 * What an invariant sees of a state. Objects are frozen: an invariant only looks.
 *
 * @example
 * ```ts
 * eb.withInvariant("at most one pod", (s) => s.list("core/Pod").length <= 1 || "two pods exist");
 * ```
 */
export interface StateView {
  /** All objects, sorted by kind, namespace, name. */
  readonly objects: readonly KubeObject[];
  /** Objects of a kind (canonical "group/Kind"), optionally in one namespace. */
  list(kind: string, namespace?: string): readonly KubeObject[];
  /** One object, or undefined when absent. */
  get(kind: string, namespace: string, name: string): KubeObject | undefined;
  /** Reconciles still pending in this state. */
  readonly pending: readonly PendingReconcile[];
}

/** A StateView over a world, computing the sorted lists only when asked. */
export function stateViewOf(world: WorldReader, pending: () => PendingReconcile[], checkKind: (kind: string) => void): StateView {
  let pendingCache: PendingReconcile[] | undefined;
  return {
    get objects() {
      return world.all();
    },
    list(kind, namespace) {
      checkKind(kind);
      const all = world.list(kind);
      return namespace === undefined ? all : all.filter((o) => (o.metadata?.namespace ?? "") === namespace);
    },
    get(kind, namespace, name) {
      checkKind(kind);
      return world.get(kind, namespace, name);
    },
    get pending() {
      return (pendingCache ??= pending());
    },
  };
}
