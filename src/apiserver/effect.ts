import type { KubeObject } from "../objects/kubeObject.ts";

/** The verbs of write effects. `DELETE` marks an object deleted (it has finalizers); `REMOVE` takes it out of the world. */
export type EffectOp = "CREATE" | "UPDATE" | "PATCH" | "DELETE" | "REMOVE";

/**
 * One successful write, as recorded on a step. `kind` is the canonical `"group/Kind"`.
 *
 * @example
 * ```ts
 * const e: Effect = { op: "CREATE", kind: "core/ConfigMap", namespace: "default", name: "cfg", after: cm };
 * ```
 */
export interface Effect {
  op: EffectOp;
  kind: string;
  namespace: string;
  name: string;
  before?: KubeObject;
  after?: KubeObject;
}
