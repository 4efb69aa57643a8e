import type { ListOptions } from "./requestOptions.ts";
import type { Scope } from "../kinds.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { compileFieldSelector } from "./fieldSelector.ts";
import { compileLabelSelector } from "./labelSelector.ts";
import type { ListFilter } from "./stateReader.ts";

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

/**
 * A list request's filter as a reader takes it: `compileListFilter` named by `listFilterKey`.
 * Most lists filter by namespace alone, and every list of every reconcile asks for its filter:
 * those filters are made once per namespace and shared (their `keep` is pure).
 *
 * @example
 * ```ts
 * reader.list("core/Pod", listFilter({ namespace: "default" }, "Namespaced"));
 * ```
 */
export function listFilter(opts: ListOptions | undefined, scope: Scope): ListFilter {
  const labels = opts?.labelSelector;
  const fields = opts?.fieldSelector;
  if ((labels === undefined || labels === "") && (fields === undefined || fields === "")) {
    const namespace = scope === "Namespaced" ? (opts?.namespace ?? "") : "";
    let filter = NAMESPACE_ONLY_FILTERS.get(namespace);
    if (filter === undefined) {
      filter = { key: listFilterKey(opts, scope), keep: compileListFilter(opts, scope) };
      if (NAMESPACE_ONLY_FILTERS.size < MAX_NAMESPACE_ONLY_FILTERS) NAMESPACE_ONLY_FILTERS.set(namespace, filter);
    }
    return filter;
  }
  const keep = compileListFilter(opts, scope);
  return { key: listFilterKey(opts, scope), keep };
}

/** `listFilter` of a namespace with no selectors, by namespace (bounded: namespaces come from user input). */
const NAMESPACE_ONLY_FILTERS = new Map<string, ListFilter>();
const MAX_NAMESPACE_ONLY_FILTERS = 4096;
