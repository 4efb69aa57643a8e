import type { ObjectRef, PatchType } from "../apiserver/requestOptions.ts";
import { WriteTransaction, type WriteOptions } from "../apiserver/writeTransaction.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { checkCrd } from "./crdValidation.ts";
import { CRD_KIND } from "./resourceCatalog.ts";

function isCrd(apiVersion: unknown, kind: unknown): boolean {
  return typeof apiVersion === "string" && apiVersion.startsWith("apiextensions.k8s.io/") && kind === "CustomResourceDefinition";
}

/**
 * The served cluster's write transaction: a `WriteTransaction` that also validates
 * CustomResourceDefinitions (`checkCrd`) before a create, update or patch of one applies, as the
 * real server's apiextensions strategy does — dry-run writes included, which change nothing and
 * so leave nothing to check afterwards. The write is first computed as a dry run, and the result
 * checked against the stored definition; only a valid one is then written.
 *
 * @example
 * ```ts
 * const txn = new CrdCheckingTransaction({ kinds, world, meta, now: new Date(), hasher });
 * txn.create(crdWithScopeBogus, { dryRun: true }); // throws 422: spec.scope: Unsupported value: "Bogus"
 * ```
 */
export class CrdCheckingTransaction extends WriteTransaction {
  override create<T extends KubeObject>(obj: T, opts: WriteOptions = {}): T {
    if (!isCrd(obj?.apiVersion, obj?.kind)) return super.create(obj, opts);
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

  /** `write` as a dry run, checked against the stored definition named `name`, then for real unless it is a dry run. */
  private checked<T extends KubeObject>(name: string | undefined, write: (opts: WriteOptions) => T, opts: WriteOptions): T {
    const stored = name === undefined ? undefined : this.world().get(CRD_KIND, "", name);
    const result = write({ ...opts, dryRun: true });
    checkCrd(result, stored);
    return opts.dryRun ? result : write(opts);
  }
}
