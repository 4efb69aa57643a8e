import type { Client } from "../client/client.ts";
import type { WorldEntry } from "../apiserver/world.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { Reconciler, Request } from "../reconciler.ts";
import type { Effect } from "../results/effect.ts";

/** Read access to a world, for trigger functions of built-in controllers. */
export interface WorldReader {
  get(kind: string, namespace: string, name: string): KubeObject | undefined;
  /** All objects of a kind (all namespaces), sorted by namespace then name. */
  list(kind: string): readonly KubeObject[];
  /** All objects, sorted by kind, namespace, name. */
  all(): readonly KubeObject[];
  /** The object whose `metadata.uid` is `uid`, with its kind (worlds kamera builds index it; readers without it are scanned with `all()`). */
  findByUid?(uid: string): WorldEntry | undefined;
  /** The objects with an ownerReference to `ownerUid`, sorted by kind, namespace, name (indexed like `findByUid`). */
  dependentsOf?(ownerUid: string): readonly WorldEntry[];
}

/**
 * A controller as the explorer registers it: what `withReconciler(...).for/.owns/.watches`
 * builds, and what `builtinControllers()` returns for `withControllers`.
 *
 * @example
 * ```ts
 * const reg: ControllerRegistration = {
 *   id: "FooController", factory: (client) => new FooReconciler(client),
 *   for: "webapp.example.com/Foo", owns: ["apps/Deployment"], watches: [],
 * };
 * ```
 */
export interface ControllerRegistration {
  id: string;
  /** Called for every reconcile with that reconcile's client (and its view, for snapshot-style strategies). */
  factory: (client: Client, view: WorldReader) => Reconciler;
  /** Primary kind: effects on it enqueue (id, namespace, name). */
  for: string;
  /** Effects on these kinds enqueue the controlling owner of the primary kind. */
  owns: string[];
  /** Effects on these kinds enqueue map(obj). */
  watches: { kind: string; map: (obj: KubeObject) => Request[] }[];
  /**
   * For built-in controllers that react to more than the watch rules express (the garbage
   * collector reacts to removals of any kind): extra requests for one effect, given the world after it.
   */
  trigger?: (effect: Effect, world: WorldReader) => Request[];
}
