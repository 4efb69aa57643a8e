import type { ListOptions } from "../client/client.ts";
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
