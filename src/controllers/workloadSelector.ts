import type { LabelSelector } from "../client/client.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { isEmptySelector, selectorMatches } from "./selectorMatch.ts";

function describe(obj: KubeObject): string {
  return `${obj.kind ?? "ReplicaSet"} ${obj.metadata?.namespace ?? ""}/${obj.metadata?.name ?? ""}`;
}

/**
 * A workload's selector, checked as the real API server validates it: required, non-empty and
 * matching the pod template's labels. Anything else is a scenario mistake a real server would
 * have refused, reported with what to fix.
 */
export function validWorkloadSelector(obj: { kind?: string; metadata?: KubeObject["metadata"]; spec?: { selector?: LabelSelector; template?: { metadata?: { labels?: Record<string, string> } } } }): LabelSelector {
  const selector = obj.spec?.selector;
  const what = describe(obj as KubeObject);
  if (!selector || isEmptySelector(selector)) {
    throw new Error(`${what} has no spec.selector: a non-empty selector matching spec.template.metadata.labels is required`);
  }
  if (!selectorMatches(selector, obj.spec?.template?.metadata?.labels)) {
    throw new Error(`${what}: spec.selector does not match spec.template.metadata.labels (the real API server rejects this object)`);
  }
  return selector;
}

