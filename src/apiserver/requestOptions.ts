/*
 * The vocabulary of a request to the API server: which object, which objects of a list, and how
 * to delete or patch. Declared here, on the server's floor, because the server's rules are written
 * in it; the client re-exports it to reconcilers.
 */

/** Names an object. `namespace` may be omitted for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** A label selector in object form, as in `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}

/** Which objects a list returns: a namespace (all when omitted), label and field selectors. */
export interface ListOptions {
  namespace?: string;
  labelSelector?: string | LabelSelector;
  fieldSelector?: string;
}

/** Preconditions a delete checks, and how it treats dependents. */
export interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
}

/** `merge` = RFC 7386, `json` = RFC 6902, `strategic` = strategic merge, `apply` = server-side apply (approximated). */
export type PatchType = "merge" | "json" | "strategic" | "apply";
