import { listFilter } from "../apiserver/listFilter.ts";
import { resolveKind, resolveRef } from "../apiserver/requestTarget.ts";
import { World } from "../apiserver/world.ts";
import type { WriteTransaction } from "../apiserver/writeTransaction.ts";
import { ApiError } from "../apiserver/apiError.ts";
import { emptyServerMeta } from "../apiserver/serverMeta.ts";
import { stateReader, type StateReader } from "../apiserver/stateReader.ts";
import type { KindRegistry } from "../kinds.ts";
import { deepCopy } from "../objects/deepCopy.ts";
import type { KubeObject, KubernetesObjectLike } from "../objects/kubeObject.ts";
import type { Client, KubernetesObjectApiLike, ListOptions, ObjectRef, PatchType } from "./client.ts";
import { createKubernetesObjectApi } from "./kubernetesObjectApi.ts";

/** What a reconcile's client is made of. */
export interface ReconcileClientInit {
  /**
   * What reads see: the reconciler's view of the world, possibly stale — a world, or a
   * `StateReader` over one (to see every read, as reconcile memoization does).
   */
  view: World | StateReader;
  /** Where writes go: validated against the true world plus this reconcile's earlier writes. */
  txn: WriteTransaction;
  kinds: KindRegistry;
  /** Called with the call's name before every call; what it throws, the call rejects with (a reconcile's time and call budget). */
  beforeCall?: (call: string) => void;
}

/**
 * The client a reconciler gets for one reconcile. Reads (`get`, `list`) are served from `view`
 * — not from this reconcile's own writes, exactly like controller-runtime's cache-backed client,
 * whose cache has not seen them yet — and return sorted deep copies. Writes go to `txn`.
 * Every failure is a rejected promise with an `ApiError`.
 *
 * @example
 * ```ts
 * const client = createClient({ view: world, txn, kinds });
 * const pods = await client.list("v1", "Pod", { namespace: "default", labelSelector: "app=web" });
 * ```
 */
export function createClient(init: ReconcileClientInit): Client {
  const { txn, kinds } = init;
  // A client reads only objects: a world's reader needs no bookkeeping or clock.
  const view = init.view instanceof World ? stateReader(init.view, emptyServerMeta(), 0) : init.view;
  const before = init.beforeCall ?? NO_CHECK;
  let facade: KubernetesObjectApiLike | undefined;

  const client: Client = {
    async get<T extends KubernetesObjectLike = KubeObject>(ref: ObjectRef): Promise<T> {
      before("get");
      const t = resolveRef(kinds, ref);
      const obj = view.get(t.key);
      if (obj === undefined) throw ApiError.notFound(t.info.resource, t.name);
      return deepCopy(obj) as unknown as T;
    },

    async list<T extends KubernetesObjectLike = KubeObject>(apiVersion: string, kind: string, opts?: ListOptions): Promise<T[]> {
      before("list");
      const { kind: k, info } = resolveKind(kinds, apiVersion, kind);
      // World lists are sorted by namespace then name, as etcd returns them.
      const found = view.list(k, listFilter(opts, info.scope));
      return found.map((o) => deepCopy(o) as unknown as T);
    },

    async create<T extends KubernetesObjectLike>(obj: T): Promise<T> {
      before("create");
      return txn.create(obj as unknown as KubeObject) as unknown as T;
    },

    async update<T extends KubernetesObjectLike>(obj: T): Promise<T> {
      before("update");
      return txn.update(obj as unknown as KubeObject) as unknown as T;
    },

    async updateStatus<T extends KubernetesObjectLike>(obj: T): Promise<T> {
      before("updateStatus");
      return txn.updateStatus(obj as unknown as KubeObject) as unknown as T;
    },

    async patch<T extends KubernetesObjectLike = KubeObject>(ref: ObjectRef, patch: unknown, type?: PatchType): Promise<T> {
      before("patch");
      return txn.patch(ref, patch, type) as unknown as T;
    },

    async patchStatus<T extends KubernetesObjectLike = KubeObject>(ref: ObjectRef, patch: unknown, type?: PatchType): Promise<T> {
      before("patchStatus");
      return txn.patchStatus(ref, patch, type) as unknown as T;
    },

    async delete(obj, opts) {
      before("delete");
      txn.delete(obj as KubeObject | ObjectRef, opts);
    },

    async deleteAllOf(apiVersion, kind, opts) {
      before("deleteAllOf");
      txn.deleteAllOf(apiVersion, kind, opts);
    },

    asKubernetesObjectApi(): KubernetesObjectApiLike {
      return (facade ??= createKubernetesObjectApi({ client, txn, kinds, beforeCall: before }));
    },
  };
  return client;
}

const NO_CHECK = (): void => undefined;
