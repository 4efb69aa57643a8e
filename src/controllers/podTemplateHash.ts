import { canonicalJson, fnv32a, safeEncode } from "./stableHash.ts";
import type { PodTemplateSpec } from "./workloadObjects.ts";

/** Label the Deployment controller adds to a ReplicaSet's pods and selector: the pod template's hash. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";

/**
 * The hash of a pod template: FNV-1a over the template's canonical JSON (plus the collision
 * count, when the owner has one), encoded like the real controllers' (`SafeEncodeString` of the
 * decimal hash). A pure function of the template as written, so templates with the same JSON
 * content give the same ReplicaSet name (and StatefulSet revision) on every path. The value
 * differs from a real cluster's, which hashes the Go struct (so zero values such as
 * `resources: {}` do not change it there); only its stability is observable.
 *
 * @example
 * ```ts
 * podTemplateHash({ metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } });
 * ```
 */
export function podTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  const text = canonicalJson(template ?? {}) + (collisionCount ? `#${collisionCount}` : "");
  return safeEncode(String(fnv32a(text)));
}
