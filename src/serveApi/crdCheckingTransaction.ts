import { ApiError } from "../apiserver/apiError.ts";
import type { DeleteOptions, ListOptions, ObjectRef, PatchType } from "../apiserver/requestOptions.ts";
import { formatTimestamp } from "../apiserver/rfc3339.ts";
import { WriteTransaction, type DeleteOutcome, type WriteOptions, type WriteTransactionInit } from "../apiserver/writeTransaction.ts";
import { jsonEqual } from "../objects/jsonEqual.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { CRD_CLEANUP_FINALIZER, DELETION_PENDING, terminatingDefinitionOf, withCondition } from "./crdCleanup.ts";
import { acceptedNames } from "./crdNaming.ts";
import { checkCrd } from "./crdValidation.ts";
import { CRD_KIND } from "./resourceCatalog.ts";

function isCrd(apiVersion: unknown, kind: unknown): boolean {
  return typeof apiVersion === "string" && apiVersion.startsWith("apiextensions.k8s.io/") && kind === "CustomResourceDefinition";
}

function crdNameOf(target: KubeObject | ObjectRef): string | undefined {
  const t = target as { apiVersion?: unknown; kind?: unknown; name?: unknown; metadata?: { name?: unknown } };
  if (typeof t !== "object" || t === null || !isCrd(t.apiVersion, t.kind)) return undefined;
  const name = t.metadata !== undefined ? t.metadata.name : t.name;
  return typeof name === "string" ? name : undefined;
}

/**
 * The served cluster's write transaction: a `WriteTransaction` with what the apiextensions server
 * adds. It validates CustomResourceDefinitions (`checkCrd`) before a create, update or patch of
 * one applies, as the real server's strategy does — dry-run writes included, which change nothing
 * and so leave nothing to check afterwards. The write is first computed as a dry run, and the
 * result checked against the stored definition; only a valid one is then written. The first delete
 * of a definition does not remove it but marks it (deletionTimestamp, `CRD_CLEANUP_FINALIZER`,
 * `Terminating`) for the finalizer controller (`crdCleanup.ts`), and objects of a definition that
 * is terminating cannot be created.
 *
 * @example
 * ```ts
 * const txn = new CrdCheckingTransaction({ kinds, world, meta, now: new Date(), hasher });
 * txn.create(crdWithScopeBogus, { dryRun: true }); // throws 422: spec.scope: Unsupported value: "Bogus"
 * ```
 */
export class CrdCheckingTransaction extends WriteTransaction {
  private readonly init: WriteTransactionInit;
  private readonly at: string;

  constructor(init: WriteTransactionInit) {
    super(init);
    this.init = init;
    this.at = formatTimestamp(init.now);
  }

  override create<T extends KubeObject>(obj: T, opts: WriteOptions = {}): T {
    if (!isCrd(obj?.apiVersion, obj?.kind)) {
      this.refuseWhileTerminating(obj);
      return super.create(obj, opts);
    }
    return this.checked(undefined, (o) => super.create(obj, o), opts);
  }

  override update<T extends KubeObject>(obj: T, opts: WriteOptions = {}): T {
    if (!isCrd(obj?.apiVersion, obj?.kind)) return super.update(obj, opts);
    return this.checked(obj.metadata?.name, (o) => super.update(obj, o), opts);
  }

  override patch<T extends KubeObject = KubeObject>(ref: ObjectRef, patch: unknown, type: PatchType = "merge", opts: WriteOptions = {}): T {
    if (!isCrd(ref?.apiVersion, ref?.kind)) return super.patch<T>(ref, patch, type, opts);
    return this.checked(ref.name, (o) => super.patch<T>(ref, patch, type, o), opts);
  }

  /**
   * apiextensions' REST delete: the first delete of a definition is an update that sets its
   * deletionTimestamp, adds `CRD_CLEANUP_FINALIZER` and sets `Terminating` (`InstanceDeletionPending`),
   * whatever the propagation policy; later deletes are ordinary ones.
   */
  override delete(target: KubeObject | ObjectRef, opts: DeleteOptions & WriteOptions = {}): DeleteOutcome {
    const name = crdNameOf(target);
    const stored = name === undefined ? undefined : this.world().get(CRD_KIND, "", name);
    if (stored === undefined || stored.metadata?.deletionTimestamp !== undefined) return super.delete(target, opts);
    // The preconditions and options, checked as the delete checks them.
    super.delete(target, { ...opts, dryRun: true });
    if (opts.dryRun) {
      const scratch = new CrdCheckingTransaction({ ...this.init, world: this.world(), meta: this.meta(), reader: undefined });
      const outcome = scratch.delete(target, { ...opts, dryRun: false });
      return { removed: false, object: { ...outcome.object, metadata: { ...outcome.object.metadata, resourceVersion: stored.metadata?.resourceVersion } } };
    }
    // Three writes where the real server makes one: an update cannot set a deletionTimestamp, and a delete sets nothing else.
    let current: KubeObject = stored;
    const finalizers = current.metadata?.finalizers ?? [];
    if (!finalizers.includes(CRD_CLEANUP_FINALIZER)) {
      current = super.update({ ...current, metadata: { ...current.metadata, finalizers: [...finalizers, CRD_CLEANUP_FINALIZER] } });
    }
    super.updateStatus(withCondition(current, DELETION_PENDING, this.at));
    return super.delete({ apiVersion: stored.apiVersion!, kind: stored.kind!, name: name! });
  }

  override deleteAllOf(apiVersion: string, kind: string, opts: ListOptions & DeleteOptions & WriteOptions = {}): DeleteOutcome[] {
    if (!isCrd(apiVersion, kind)) return super.deleteAllOf(apiVersion, kind, opts);
    const matched = super.deleteAllOf(apiVersion, kind, { ...opts, dryRun: true });
    const { namespace: _namespace, labelSelector: _labels, fieldSelector: _fields, ...deleteOpts } = opts;
    return matched.map((m) => this.delete({ apiVersion, kind, name: m.object.metadata!.name! }, deleteOpts));
  }

  /** `create not allowed while custom resource definition is terminating`, as `crdHandler` answers it. */
  private refuseWhileTerminating(obj: KubeObject): void {
    if (typeof obj?.apiVersion !== "string" || typeof obj.kind !== "string") return;
    const crd = terminatingDefinitionOf(this.world(), obj.apiVersion, obj.kind);
    if (crd === undefined) return;
    const group = obj.apiVersion.slice(0, obj.apiVersion.indexOf("/"));
    throw new ApiError(405, "MethodNotAllowed", "create not allowed while custom resource definition is terminating", { group, kind: acceptedNames(crd).plural });
  }

  /**
   * `write` as a dry run, checked against the stored definition named `name`, then for real unless
   * it is a dry run. A write that leaves the stored spec as it is is not checked: it cannot make the
   * definition invalid, and a seeded one kamera cannot serve must still lose its finalizers.
   */
  private checked<T extends KubeObject>(name: string | undefined, write: (opts: WriteOptions) => T, opts: WriteOptions): T {
    const stored = name === undefined ? undefined : this.world().get(CRD_KIND, "", name);
    const result = write({ ...opts, dryRun: true });
    if (stored === undefined || !jsonEqual((result as { spec?: unknown }).spec, (stored as { spec?: unknown }).spec)) checkCrd(result, stored);
    return opts.dryRun ? result : write(opts);
  }
}
