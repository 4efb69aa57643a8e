import type { KubeObject } from "../objects/kubeObject.ts";

type Read = (obj: KubeObject) => string;

/** The value at a dotted path as the real server's field sets print it ("" when absent). */
function field(path: string): Read {
  const segs = path.split(".");
  return (obj) => {
    let cur: unknown = obj;
    for (const s of segs) {
      if (typeof cur !== "object" || cur === null) return "";
      cur = (cur as Record<string, unknown>)[s];
    }
    return cur === undefined || cur === null ? "" : String(cur);
  };
}

function fields(...paths: string[]): Record<string, Read> {
  return Object.fromEntries(paths.map((p) => [p, field(p)]));
}

/**
 * The fields besides `metadata.name` and `metadata.namespace` that a real API server selects
 * each kind by (the `GetAttrs`/`SelectableFields` of its registry), for list and watch field
 * selectors: what `kubectl get pods --field-selector status.phase=Running` and `kubectl describe`'s
 * event lookup use.
 */
const BY_KIND: Readonly<Record<string, Record<string, Read>>> = {
  "core/Pod": {
    ...fields("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"),
    "spec.hostNetwork": (o) => String((o as { spec?: { hostNetwork?: boolean } }).spec?.hostNetwork === true),
  },
  "core/Event": {
    ...fields(
      "involvedObject.kind",
      "involvedObject.namespace",
      "involvedObject.name",
      "involvedObject.uid",
      "involvedObject.apiVersion",
      "involvedObject.resourceVersion",
      "involvedObject.fieldPath",
      "reason",
      "reportingComponent",
      "type",
    ),
    source: field("source.component"),
  },
  "core/Secret": fields("type"),
  "core/Namespace": fields("status.phase"),
  "core/Node": { "spec.unschedulable": (o) => String((o as { spec?: { unschedulable?: boolean } }).spec?.unschedulable === true) },
  "core/ReplicationController": fields("status.replicas"),
  "apps/ReplicaSet": fields("status.replicas"),
  "batch/Job": fields("status.successful"),
};

/** The kind-specific selectable fields of a canonical kind (none for most). */
export function kindFieldSelectors(kind: string): Readonly<Record<string, Read>> {
  return BY_KIND[kind] ?? {};
}
