import type { Client } from "./client/client.ts";
import type { WorldReader } from "./apiserver/worldReader.ts";
import type { KubeObject } from "./objects/kubeObject.ts";
import type { Reconciler, Request } from "./reconciler.ts";
import type { Effect } from "./apiserver/effect.ts";

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
