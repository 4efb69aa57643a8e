import { ApiError } from "../apiserver/apiError.ts";
import { applyJsonPatch } from "../apiserver/jsonPatch.ts";
import { labelSelectorToString, type LabelSelector } from "../apiserver/labelSelector.ts";
import { applyMergePatch } from "../apiserver/mergePatch.ts";
import { applyStrategicMergePatch } from "../apiserver/strategicMergePatch.ts";
import type { PatchType } from "../client/client.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { ServedResource } from "./resourceCatalog.ts";

type Json = Record<string, unknown>;

/** `.spec.replicas` → `["spec", "replicas"]`. */
function segments(path: string): string[] {
  return path.replace(/^\./, "").split(".").filter((s) => s !== "");
}

function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const s of segments(path)) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Json)[s];
  }
  return cur;
}

/**
 * The `autoscaling/v1` Scale of an object whose resource has a scale subresource: desired
 * replicas from the spec path, observed replicas and the selector (as a string) from the status
 * and selector paths, with the object's identity and resourceVersion.
 */
export function scaleOf(obj: KubeObject, res: ServedResource): Json {
  const paths = res.scale!;
  const m = obj.metadata ?? {};
  const status: Json = { replicas: Number(readPath(obj, paths.statusReplicasPath) ?? 0) };
  if (paths.labelSelectorPath) {
    const sel = readPath(obj, paths.labelSelectorPath);
    if (typeof sel === "string") status.selector = sel;
    else if (typeof sel === "object" && sel !== null) status.selector = labelSelectorToString(sel as LabelSelector);
  }
  const metadata: Json = { name: m.name, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  if (m.namespace) metadata.namespace = m.namespace;
  return { kind: "Scale", apiVersion: "autoscaling/v1", metadata, spec: { replicas: Number(readPath(obj, paths.specReplicasPath) ?? 0) }, status };
}

/**
 * The merge patch of the object that sets the replicas a Scale asks for, carrying the Scale's
 * resourceVersion (so a stale Scale conflicts). A Scale without a whole, non-negative
 * `spec.replicas` is 422 Invalid, with the real server's message.
 */
export function replicasPatch(scale: unknown, res: ServedResource, name: string): Json {
  const s = (typeof scale === "object" && scale !== null ? scale : {}) as Json;
  const replicas = (s.spec as Json | undefined)?.replicas;
  if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
    throw ApiError.invalid("Scale.autoscaling", name, [
      { field: "spec.replicas", message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0` },
    ]);
  }
  const patch: Json = {};
  let cur = patch;
  const segs = segments(res.scale!.specReplicasPath);
  segs.forEach((seg, i) => {
    if (i === segs.length - 1) cur[seg] = replicas;
    else cur = cur[seg] = {} as Json;
  });
  const rv = (s.metadata as Json | undefined)?.resourceVersion;
  if (typeof rv === "string" && rv !== "") patch.metadata = { resourceVersion: rv };
  return patch;
}

/** Applies a patch of the given type to a Scale (what `PATCH .../scale` sends). */
export function patchScale(scale: Json, patch: unknown, type: PatchType): Json {
  switch (type) {
    case "merge":
      return applyMergePatch(structuredClone(scale), patch);
    case "json":
      return applyJsonPatch(structuredClone(scale), patch);
    default:
      return applyStrategicMergePatch(structuredClone(scale), patch);
  }
}
