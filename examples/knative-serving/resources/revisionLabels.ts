import { LABEL, type Revision } from "../types.ts";

/**
 * `revision/resources.makeLabels`: the labels of everything a Revision creates (Deployment, pods,
 * PodAutoscaler): the revision's own labels except its routing labels, plus its name and uid,
 * and `app` when the user set none. The pod selector uses the uid label.
 */
export function revisionLabels(rev: Revision): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(rev.metadata.labels ?? {})) {
    if (k !== LABEL.route && k !== LABEL.routingState) labels[k] = v;
  }
  labels[LABEL.revision] = rev.metadata.name;
  labels[LABEL.revisionUID] = String(rev.metadata.uid);
  labels[LABEL.app] ??= rev.metadata.name;
  return labels;
}
