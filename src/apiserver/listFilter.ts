import type { ListOptions } from "./requestOptions.ts";
import type { Scope } from "../kinds.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { compileFieldSelector } from "./fieldSelector.ts";
import { compileLabelSelector } from "./labelSelector.ts";

/**
 * The filter of a list (or delete-collection) request: namespace (omitted or "" = all
 * namespaces; ignored for cluster-scoped kinds, which have none), label selector (string or
 * object form) and field selector. Selectors are compiled once, so an unparsable one is a
 * `BadRequest` before any object is looked at.
 *
 * @example
 * ```ts
 * const keep = compileListFilter({ namespace: "default", labelSelector: "app=web" }, "Namespaced");
 * world.list("core/Pod").filter(keep);
 * ```
 */
export function compileListFilter(opts: ListOptions | undefined, scope: Scope): (obj: KubeObject) => boolean {
  const namespace = scope === "Namespaced" && opts?.namespace ? opts.namespace : undefined;
  const labels = opts?.labelSelector !== undefined && opts.labelSelector !== "" ? compileLabelSelector(opts.labelSelector) : undefined;
  const fields = opts?.fieldSelector !== undefined && opts.fieldSelector !== "" ? compileFieldSelector(opts.fieldSelector) : undefined;
  return (obj) =>
    (namespace === undefined || (obj.metadata?.namespace ?? "") === namespace) &&
    (labels === undefined || labels(obj.metadata?.labels ?? {})) &&
    (fields === undefined || fields(obj));
}

/**
 * A name for a list filter: two lists of the same kind with equal keys ask the same question
 * (what `compileListFilter` would keep). The namespace counts only for namespaced kinds, as in
 * `compileListFilter`.
 *
 * @example
 * ```ts
 * listFilterKey({ namespace: "default", labelSelector: "app=web" }, "Namespaced"); // '["default","app=web",""]'
 * ```
 */
export function listFilterKey(opts: ListOptions | undefined, scope: Scope): string {
  const namespace = scope === "Namespaced" ? (opts?.namespace ?? "") : "";
  return JSON.stringify([namespace, opts?.labelSelector ?? "", opts?.fieldSelector ?? ""]);
}
