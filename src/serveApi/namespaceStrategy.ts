import { ApiError } from "../apiserver/apiError.ts";
import { invalidCause, qualifiedNameErrors, type FieldCause } from "../apiserver/objectMetaValidation.ts";
import type { WriteOptions } from "../apiserver/writeTransaction.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { CrdCheckingTransaction } from "./crdCheckingTransaction.ts";
import { NAMESPACE_FINALIZER, NAMESPACE_KIND, specFinalizersOf } from "./namespaceCleanup.ts";

/**
 * The label every namespace carries with its own name (`v1.LabelMetadataName`), so that label
 * selectors (a NetworkPolicy's `namespaceSelector`, `kubectl get ns -l`) can pick namespaces by name.
 */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * Sets `NAMESPACE_NAME_LABEL` in `metadata.labels` to the namespace's name, as the namespace's
 * defaulting and `Canonicalize` do on every create and update: a write that removes or changes it
 * gets it back. Changes `metadata` in place (a create keeps filling in the object it was given).
 */
export function setNameLabel(metadata: Record<string, unknown>, name: string): void {
  const labels = metadata.labels;
  const given = typeof labels === "object" && labels !== null && !Array.isArray(labels) ? (labels as Record<string, unknown>) : {};
  metadata.labels = { ...given, [NAMESPACE_NAME_LABEL]: name };
}

/** Finalizer names without a domain that a namespace may carry (`IsStandardFinalizerName`). */
const STANDARD_FINALIZERS = new Set([NAMESPACE_FINALIZER, "orphan", "foregroundDeletion"]);

function specOf(body: Record<string, unknown> | KubeObject): Record<string, unknown> | undefined {
  const spec = (body as { spec?: unknown }).spec;
  return typeof spec === "object" && spec !== null && !Array.isArray(spec) ? (spec as Record<string, unknown>) : undefined;
}

/** The causes `ValidateNamespaceFinalizeUpdate` finds in the finalizers a finalize asks for. */
function finalizerCauses(finalizers: readonly unknown[]): FieldCause[] {
  const causes: FieldCause[] = [];
  finalizers.forEach((f, i) => {
    const field = `spec.finalizers[${i}]`;
    if (typeof f !== "string") {
      causes.push(invalidCause(field, f, "must be a string"));
      return;
    }
    for (const e of qualifiedNameErrors(f)) causes.push(invalidCause(field, f, e));
    if (!f.includes("/") && !STANDARD_FINALIZERS.has(f)) causes.push(invalidCause(field, f, "name is neither a standard finalizer name nor is it fully qualified"));
  });
  return causes;
}

/**
 * The served cluster's write transaction: a `CrdCheckingTransaction` with what the namespace
 * registry strategy adds. A created namespace is `Active`, has `NAMESPACE_FINALIZER` in
 * `spec.finalizers` and `NAMESPACE_NAME_LABEL` among its labels (every update sets it again); an
 * update of the namespace keeps its stored `spec.finalizers` (only `finalize`, the finalize
 * subresource, changes them); the first delete marks it (deletionTimestamp,
 * `Terminating`) and it stays while `spec.finalizers` remain, for the namespace controller
 * (`namespaceCleanup.ts`); and a finalize that leaves it no finalizers of either kind removes it.
 *
 * @example
 * ```ts
 * const txn = new NamespaceStrategyTransaction({ kinds, world, meta, now: new Date(), hasher });
 * txn.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } }).status; // { phase: "Active" }
 * txn.delete({ apiVersion: "v1", kind: "Namespace", name: "x" }).removed; // false: Terminating
 * ```
 */
export class NamespaceStrategyTransaction extends CrdCheckingTransaction {
  /** Set while `finalize` writes, the one update allowed to change `spec.finalizers`. */
  private finalizing = false;

  /**
   * `PUT /api/v1/namespaces/<name>/finalize`: an update of the namespace whose `spec.finalizers`
   * become `finalizers`, and whose status is kept (the finalize strategy's `PrepareForUpdate`).
   * `metadata` is the request's, applied by the usual update rules (its `resourceVersion` makes
   * the write conditional, labels and annotations it leaves out are removed); without it (the
   * namespace controller's own finalize) the stored metadata is kept.
   */
  finalize(name: string, finalizers: readonly unknown[], metadata?: Record<string, unknown>, opts: WriteOptions = {}): KubeObject {
    const current = this.world().get(NAMESPACE_KIND, "", name);
    if (current === undefined) throw ApiError.notFound("namespaces", name);
    const causes = finalizerCauses(finalizers);
    if (causes.length > 0) throw ApiError.invalid("Namespace", name, causes);
    this.finalizing = true;
    try {
      return super.update({ ...current, metadata: metadata === undefined ? current.metadata : { ...metadata, name }, spec: { ...specOf(current), finalizers: [...finalizers] } } as KubeObject, opts);
    } finally {
      this.finalizing = false;
    }
  }

  protected override prepareForCreate(kind: string, body: Record<string, unknown>): void {
    if (kind !== NAMESPACE_KIND) return;
    const finalizers = [...specFinalizersOf(body as KubeObject)];
    if (!finalizers.includes(NAMESPACE_FINALIZER)) finalizers.push(NAMESPACE_FINALIZER);
    body.spec = { ...specOf(body), finalizers };
    body.status = { phase: "Active" };
    const metadata = body.metadata as Record<string, unknown>;
    setNameLabel(metadata, metadata.name as string);
  }

  protected override prepareForUpdate(kind: string, body: Record<string, unknown>, current: KubeObject): void {
    if (kind !== NAMESPACE_KIND) return;
    setNameLabel((body.metadata ??= {}) as Record<string, unknown>, current.metadata!.name!);
    if (this.finalizing) return;
    const stored = specOf(current)?.finalizers;
    const spec = { ...specOf(body) };
    if (stored === undefined) delete spec.finalizers;
    else spec.finalizers = stored;
    if (Object.keys(spec).length === 0 && specOf(current) === undefined) delete body.spec;
    else body.spec = spec;
  }

  protected override keptWhileDeleting(kind: string, obj: KubeObject): boolean {
    return kind === NAMESPACE_KIND && specFinalizersOf(obj).length > 0;
  }

  protected override prepareForDeletion(kind: string, body: Record<string, unknown>): void {
    if (kind !== NAMESPACE_KIND) return;
    body.status = { ...(body.status as Record<string, unknown> | undefined), phase: "Terminating" };
  }
}
