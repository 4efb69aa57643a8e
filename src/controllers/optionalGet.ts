import { isNotFound } from "../apiserver/apiError.ts";
import type { Client, ObjectRef } from "../client/client.ts";
import type { KubeObject } from "../objects/kubeObject.ts";

/**
 * Reads an object that may legitimately be gone (the request of a reconcile whose object was
 * deleted): `undefined` on `NotFound`, any other error thrown.
 *
 * @example
 * ```ts
 * const d = await getOptional<Deployment>(client, { apiVersion: "apps/v1", kind: "Deployment", namespace, name });
 * if (!d) return; // deleted: nothing to reconcile
 * ```
 */
export async function getOptional<T extends KubeObject>(client: Client, ref: ObjectRef): Promise<T | undefined> {
  try {
    return await client.get<T>(ref);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
