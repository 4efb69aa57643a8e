import type { DeleteOptions, ListOptions, ObjectRef, PatchType } from "./requestOptions.ts";
import type { KindInfo, KindRegistry } from "../kinds.ts";
import { deepCopy } from "../objects/deepCopy.ts";
import { jsonEqual } from "../objects/jsonEqual.ts";
import { deepFreezeData } from "../objects/deepFreeze.ts";
import type { Hasher } from "../objects/hasher.ts";
import type { KubeObject, ObjectMeta } from "../objects/kubeObject.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import type { Effect, EffectOp } from "./effect.ts";
import { ApiError } from "./apiError.ts";
import { deterministicUid } from "./deterministicUid.ts";
import { generateObjectName } from "./generatedName.ts";
import { applyJsonPatch } from "./jsonPatch.ts";
import { listFilter } from "./listFilter.ts";
import { applyMergePatch } from "./mergePatch.ts";
import {
  forbiddenCause,
  invalidCause,
  metadataCauses,
  nameCauses,
  nameFormatOf,
  namespaceCauses,
  requiredCause,
  showValue,
  type FieldCause,
} from "./objectMetaValidation.ts";
import { decodeRequestBody } from "./requestBody.ts";
import { resolveKind, resolveRef, resolveTarget, type RequestTarget } from "./requestTarget.ts";
import { formatTimestamp } from "./rfc3339.ts";
import type { ServerMeta } from "./serverMeta.ts";
import { stateReader, type StateReader } from "./stateReader.ts";
import { applyStrategicMergePatch } from "./strategicMergePatch.ts";
import type { World } from "./world.ts";

/** What a transaction starts from: the true world at the start of a reconcile. */
export interface WriteTransactionInit {
  kinds: KindRegistry;
  world: World;
  meta: ServerMeta;
  /** The simulated clock: creation and deletion timestamps. */
  now: Date;
  hasher: Hasher;
  /**
   * What the transaction's checks read the starting state through (existence, conflicts,
   * incarnations); by default `world` and `meta` themselves. A wrapper sees every such read (reconcile
   * memoization records them). It must answer as `world` and `meta` do.
   */
  reader?: StateReader;
}

/** Options every write takes. */
export interface WriteOptions {
  /** Validate and compute the result, but change nothing and record no effect (the real server's `dryRun=All`). */
  dryRun?: boolean;
}

/** What a delete did. */
export interface DeleteOutcome {
  /** True when the object left the world (no finalizers remained). */
  removed: boolean;
  /** The object as it is after the delete (with `deletionTimestamp` when it stays), a mutable copy. */
  object: KubeObject;
}

/** The finalizer that makes the garbage collector orphan an object's dependents before it goes. */
export const ORPHAN_FINALIZER = "orphan";
/** The finalizer that keeps an object until the garbage collector has deleted its blocking dependents. */
export const FOREGROUND_FINALIZER = "foregroundDeletion";

const PATCH_TYPES: readonly PatchType[] = ["merge", "json", "strategic", "apply"];
const PROPAGATION_POLICIES = ["Foreground", "Background", "Orphan"] as const;

type Mutable = Record<string, unknown> & { metadata?: ObjectMeta };

type Target = RequestTarget;

type Subresource = "main" | "status";

/** `Deployment.apps`, `Pod`, `Foo.webapp.example.com`: how the real server names a kind in `Invalid` messages. */
function qualifiedKind(info: KindInfo): string {
  return info.group ? `${info.name}.${info.group}` : info.name;
}

/** The part of an object that `metadata.generation` tracks: everything but metadata (and status, when it is a subresource). */
function generationTracked(obj: KubeObject, info: KindInfo): Record<string, unknown> {
  const { metadata: _m, status, ...rest } = obj;
  return info.statusSubresource ? rest : { ...rest, status };
}

/** 409 Conflict for a delete precondition that does not hold, worded as the real server words it. */
function preconditionFailed(t: Target, detail: string): ApiError {
  const dot = t.info.resource.indexOf(".");
  const bare = dot < 0 ? t.info.resource : t.info.resource.slice(0, dot);
  return new ApiError(409, "Conflict", `Operation cannot be fulfilled on ${t.info.resource} "${t.name}": ${detail}`, {
    name: t.name,
    group: t.info.group,
    kind: bare,
  });
}

/**
 * A patch cannot rename: the real server's patch handler compares the patched object's name and
 * namespace with the request's (`checkName`) and answers 400 BadRequest before any validation. A
 * patch that removes the namespace gets the request's back, as the real server fills it in.
 */
function checkPatchedName(t: RequestTarget, body: Mutable): void {
  const meta = (body.metadata ??= {});
  if (meta.name !== t.name) {
    throw ApiError.badRequest(`the name of the object (${String(meta.name ?? "")}) does not match the name on the URL (${t.name})`);
  }
  if (t.info.scope !== "Namespaced") return;
  if (meta.namespace === undefined || meta.namespace === "") meta.namespace = t.namespace;
  else if (meta.namespace !== t.namespace) {
    throw ApiError.badRequest(`the namespace of the object (${String(meta.namespace)}) does not match the namespace on the URL (${t.namespace})`);
  }
}

/** 415: the real server's answer to a patch content type it does not accept for the resource. */
function unsupportedMediaType(message: string): ApiError {
  return new ApiError(415, "UnsupportedMediaType", message);
}

function hasFinalizer(obj: KubeObject | undefined, f: string): boolean {
  return obj?.metadata?.finalizers?.includes(f) ?? false;
}

function stripUndefined(meta: ObjectMeta): void {
  const m = meta as Record<string, unknown>;
  for (const k of Object.keys(m)) if (m[k] === undefined) delete m[k];
}

/**
 * One reconcile's writes against the simulated API server. Constructed with the true world at the
 * start of the reconcile; each write is validated against that world plus this transaction's
 * earlier writes (apiserver.md), and either throws an `ApiError` and changes nothing, or applies
 * and appends an effect (`before`/`after` frozen) in call order. Each applied write takes the next
 * revision and stores it as the object's `resourceVersion`. A write that changes nothing
 * succeeds without an effect and keeps the resourceVersion, as on a real server.
 *
 * Returned objects are mutable deep copies; nothing a caller does to them reaches the world.
 *
 * @example
 * ```ts
 * const txn = new WriteTransaction({ kinds, world, meta, now: new Date(0), hasher });
 * const cm = txn.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "default" } });
 * txn.effects;  // [{ op: "CREATE", kind: "core/ConfigMap", namespace: "default", name: "a", after: {...} }]
 * txn.world();  // the true world with the config map
 * ```
 */
export class WriteTransaction {
  /** The successful writes, in call order. */
  readonly effects: Effect[] = [];
  private readonly kinds: KindRegistry;
  private readonly base: World;
  private readonly hasher: Hasher;
  private readonly timestamp: string;
  private readonly changes = new Map<string, KubeObject | undefined>();
  private revision: number;
  private incarnations: ReadonlyMap<string, number>;
  /** This transaction's own copy of `incarnations`, made on its first create (the given map is shared with its state). */
  private ownIncarnations: Map<string, number> | undefined;
  private cachedWorld: World | undefined;
  private readonly reader: StateReader;

  constructor(init: WriteTransactionInit) {
    this.kinds = init.kinds;
    this.base = init.world;
    this.hasher = init.hasher;
    this.timestamp = formatTimestamp(init.now);
    this.revision = init.meta.revision;
    this.incarnations = init.meta.incarnations;
    this.reader = init.reader ?? stateReader(init.world, init.meta, init.now.getTime());
  }

  /** The true world after this transaction's writes so far. */
  world(): World {
    return (this.cachedWorld ??= this.base.with(this.changes));
  }

  /** The server bookkeeping after this transaction's writes so far. */
  meta(): ServerMeta {
    // The map is handed out: a later create must copy it again rather than change what the caller holds.
    this.ownIncarnations = undefined;
    return { revision: this.revision, incarnations: this.incarnations };
  }

  /**
   * Creates an object. The server sets `uid`, `resourceVersion`, `creationTimestamp` and (for kinds
   * that keep one) `generation: 1`, overwriting client values; drops `deletionTimestamp`, and
   * `status` when the kind has a status subresource; generates the name from `generateName`.
   */
  create<T extends KubeObject>(obj: T, opts: WriteOptions = {}): T {
    const body = decodeRequestBody(obj) as Mutable;
    const { kind, info } = this.resolveKind(body.apiVersion, body.kind);
    const meta = (body.metadata ??= {});
    const qk = qualifiedKind(info);
    let namespace = "";
    if (info.scope === "Cluster") {
      // The real server drops a namespace given to a cluster-scoped object.
      delete meta.namespace;
    } else {
      if (!meta.namespace) {
        throw ApiError.invalid(qk, meta.name ?? "", [requiredCause("metadata.namespace", `${kind} is namespaced: the object needs a namespace`)]);
      }
      namespace = meta.namespace;
    }
    if (!meta.name) {
      if (!meta.generateName) throw ApiError.invalid(qk, "", [requiredCause("metadata.name", "name or generateName is required")]);
      meta.name = generateObjectName(this.hasher, meta.generateName, (n) => this.lookup(objectKeyString(kind, namespace, n)) !== undefined);
    }
    const name = meta.name;
    if (info.statusSubresource) delete body.status;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    this.prepareForCreate(kind, body);
    const causes = [
      ...nameCauses(name, nameFormatOf(kind)),
      ...(info.scope === "Namespaced" ? namespaceCauses(namespace) : []),
      ...metadataCauses(meta),
    ];
    if (causes.length > 0) throw ApiError.invalid(qk, name, causes);
    const key = objectKeyString(kind, namespace, name);
    if (this.lookup(key) !== undefined) throw ApiError.alreadyExists(info.resource, name);

    // Asked of the reader so that a wrapper sees that the new uid depends on it; this transaction's own creates count too.
    this.reader.incarnation(key);
    const incarnation = (this.incarnations.get(key) ?? 0) + 1;
    meta.uid = deterministicUid(this.hasher, kind, namespace, name, incarnation);
    meta.creationTimestamp = this.timestamp;
    if (info.hasGeneration) meta.generation = 1;
    else delete meta.generation;
    if (opts.dryRun) {
      delete meta.resourceVersion;
      return deepCopy(body) as T;
    }
    meta.resourceVersion = String(this.revision + 1);
    if (!this.ownIncarnations) this.incarnations = this.ownIncarnations = new Map(this.incarnations);
    this.ownIncarnations.set(key, incarnation);
    return deepCopy(this.commit("CREATE", { kind, info, namespace, name, key }, undefined, body)!) as T;
  }

  /**
   * Replaces an object (PUT). `status` changes are ignored when the kind has a status subresource.
   * A `resourceVersion` that is not the current one is a `Conflict`; an empty one is an
   * unconditional update for built-in kinds and `Invalid` for custom resources.
   */
  update<T extends KubeObject>(obj: T, opts: WriteOptions = {}): T {
    return this.replace(obj, "main", opts) as T;
  }

  /** Replaces an object's `status` (PUT to the status subresource); everything else in `obj` is ignored. */
  updateStatus<T extends KubeObject>(obj: T, opts: WriteOptions = {}): T {
    return this.replace(obj, "status", opts) as T;
  }

  /**
   * Patches an object: `merge` (RFC 7386), `json` (RFC 6902), `strategic` (merge keys of the
   * built-in types; a real server refuses it for custom resources with 415, and so does this one),
   * or `apply` (approximated as a strategic merge without field ownership; creates the object when
   * it is missing, as server-side apply does). The result is checked like an update; a
   * `metadata.resourceVersion` in the patch makes it conditional.
   */
  patch<T extends KubeObject = KubeObject>(ref: ObjectRef, patch: unknown, type: PatchType = "merge", opts: WriteOptions = {}): T {
    return this.patchWith(ref, patch, type, "main", opts) as T;
  }

  /** Patches an object's status subresource: the patch applies to the whole object, and only the resulting `status` is kept. */
  patchStatus<T extends KubeObject = KubeObject>(ref: ObjectRef, patch: unknown, type: PatchType = "merge", opts: WriteOptions = {}): T {
    return this.patchWith(ref, patch, type, "status", opts) as T;
  }

  /**
   * Deletes an object. Preconditions (`uid`, `resourceVersion`) that do not match are a
   * `Conflict`. `propagationPolicy` adds or removes the garbage collector's finalizers
   * (`Foreground` → `foregroundDeletion`, `Orphan` → `orphan`, `Background` → neither); without a
   * policy the finalizers the object already has decide. With no finalizers left the object is
   * removed (`REMOVE`); otherwise it gets a `deletionTimestamp` and stays (`DELETE`), and a delete of an
   * object already being deleted that changes no finalizer changes nothing.
   */
  delete(target: KubeObject | ObjectRef, opts: DeleteOptions & WriteOptions = {}): DeleteOutcome {
    const t = this.resolveDeleteTarget(target);
    const current = this.lookup(t.key);
    if (current === undefined) throw ApiError.notFound(t.info.resource, t.name);
    return this.deleteExisting(t, current, opts);
  }

  /**
   * Deletes every object of a kind that matches `opts` (namespace, label and field selectors), in
   * order of namespace then name, each as `delete` would with the same options. Returns what
   * each delete did.
   */
  deleteAllOf(apiVersion: string, kind: string, opts: ListOptions & DeleteOptions & WriteOptions = {}): DeleteOutcome[] {
    const { kind: k, info } = this.resolveKind(apiVersion, kind);
    this.checkDeleteOptions(opts);
    const filter = listFilter(opts, info.scope);
    // The starting state's list is what the request read; the victims include this transaction's own writes.
    this.reader.list(k, filter);
    const victims = this.world().list(k).filter(filter.keep);
    return victims.map((obj) => {
      const namespace = obj.metadata?.namespace ?? "";
      const name = obj.metadata!.name!;
      const t: Target = { kind: k, info, namespace, name, key: objectKeyString(k, namespace, name) };
      return this.deleteExisting(t, this.lookup(t.key)!, opts);
    });
  }

  // ---------------------------------------------------------------------------------------------

  private lookup(key: string): KubeObject | undefined {
    if (this.changes.has(key)) return this.changes.get(key);
    return this.reader.get(key);
  }

  private resolveKind(apiVersion: unknown, kind: unknown): { kind: string; info: KindInfo } {
    return resolveKind(this.kinds, apiVersion, kind);
  }

  private resolveTarget(apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown): Target {
    return resolveTarget(this.kinds, apiVersion, kind, namespace, name);
  }

  private resolveRef(ref: ObjectRef): Target {
    return resolveRef(this.kinds, ref);
  }

  private resolveDeleteTarget(target: KubeObject | ObjectRef): Target {
    if (typeof target !== "object" || target === null) {
      throw ApiError.badRequest(`delete needs an object or an object reference, got ${target === null ? "null" : typeof target}`);
    }
    if ("metadata" in target && target.metadata !== undefined) {
      const o = target as KubeObject;
      return this.resolveTarget(o.apiVersion, o.kind, o.metadata?.namespace, o.metadata?.name);
    }
    return this.resolveRef(target as ObjectRef);
  }

  private replace(obj: KubeObject, sub: Subresource, opts: WriteOptions): KubeObject {
    const body = decodeRequestBody(obj) as Mutable;
    const t = this.resolveTarget(body.apiVersion, body.kind, body.metadata?.namespace, body.metadata?.name);
    const current = this.lookup(t.key);
    if (current === undefined) throw ApiError.notFound(t.info.resource, t.name);
    if (sub === "status" && !t.info.statusSubresource) throw this.noStatusSubresource(t);
    const given = body.metadata?.resourceVersion;
    if (!given && t.info.custom) {
      // Custom resources do not allow unconditional updates; the real message prints the parsed version, 0.
      throw ApiError.invalid(qualifiedKind(t.info), t.name, [
        { field: "metadata.resourceVersion", message: "Invalid value: 0x0: must be specified for an update" },
      ]);
    }
    return this.write(t, current, body, sub, "UPDATE", opts);
  }

  private patchWith(ref: ObjectRef, patch: unknown, type: PatchType, sub: Subresource, opts: WriteOptions): KubeObject {
    const t = this.resolveRef(ref);
    if (!PATCH_TYPES.includes(type)) {
      throw unsupportedMediaType(
        `patch type ${JSON.stringify(type)} is not supported: expected "merge", "json", "strategic" or "apply"`,
      );
    }
    if (type === "strategic" && t.info.custom) {
      throw unsupportedMediaType(
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
      );
    }
    const current = this.lookup(t.key);
    if (current === undefined) {
      if (type === "apply" && sub === "main") return this.createByApply(t, patch, opts);
      throw ApiError.notFound(t.info.resource, t.name);
    }
    if (sub === "status" && !t.info.statusSubresource) throw this.noStatusSubresource(t);
    const target = deepCopy(current) as Mutable;
    let patched: unknown;
    switch (type) {
      case "merge":
        patched = applyMergePatch(target, patch);
        break;
      case "json":
        if (!Array.isArray(patch)) {
          throw ApiError.badRequest(`json: cannot unmarshal ${patch === null ? "null" : typeof patch} into Go value of type jsonpatch.Patch`);
        }
        patched = applyJsonPatch(target, patch);
        break;
      case "strategic":
      case "apply":
        patched = applyStrategicMergePatch(target, patch);
        break;
    }
    const body = decodeRequestBody(patched) as Mutable;
    const { kind } = this.resolveKind(body.apiVersion, body.kind);
    if (kind !== t.kind) {
      throw ApiError.badRequest(`the patch changes the kind of ${t.info.resource} "${t.name}" from ${t.kind} to ${kind}`);
    }
    checkPatchedName(t, body);
    return this.write(t, current, body, sub, "PATCH", opts);
  }

  private createByApply(t: Target, patch: unknown, opts: WriteOptions): KubeObject {
    const body = decodeRequestBody(patch) as Mutable;
    const meta = (body.metadata ??= {});
    if (meta.name !== undefined && meta.name !== t.name) {
      throw ApiError.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${t.name})`);
    }
    meta.name = t.name;
    if (t.info.scope === "Namespaced") meta.namespace = t.namespace;
    const { kind } = this.resolveKind(body.apiVersion, body.kind);
    if (kind !== t.kind) throw ApiError.badRequest(`the applied object is a ${kind}, not a ${t.kind}`);
    return this.create(body as KubeObject, opts);
  }

  private noStatusSubresource(t: Target): ApiError {
    // A kind without a status subresource has no `/status` endpoint: the real server's generic 404.
    return new ApiError(404, "NotFound", `the server could not find the requested resource (${t.kind} has no status subresource)`, {
      name: t.name,
      group: t.info.group,
      kind: t.info.resource,
    });
  }

  /**
   * The common tail of update and patch: `next` is the full object the client asks for; the
   * server keeps what clients may not change, validates, bumps the generation and commits.
   */
  private write(t: Target, current: KubeObject, next: Mutable, sub: Subresource, op: EffectOp, opts: WriteOptions): KubeObject {
    const om = current.metadata ?? {};
    const qk = qualifiedKind(t.info);
    const given = next.metadata?.resourceVersion;
    if (given && given !== om.resourceVersion) throw ApiError.conflict(t.info.resource, t.name);

    // The candidate may share subtrees of the stored object: those are frozen, only the top level
    // and `metadata` are changed below, and `commit` freezes what is new. Copying the stored object
    // whole was a large share of what a reconcile allocates.
    let cand: Mutable;
    if (sub === "status") {
      // The status subresource takes only `status` from the request.
      cand = { ...current } as Mutable;
      if (current.metadata !== undefined) cand.metadata = { ...current.metadata };
      if (next.status !== undefined) cand.status = next.status;
      else delete cand.status;
    } else {
      cand = next;
      if (t.info.statusSubresource) {
        if (current.status !== undefined) cand.status = current.status;
        else delete cand.status;
      }
      this.prepareForUpdate(t.kind, cand, current);
    }
    // The stored form keeps its apiVersion (a real server converts to its storage version).
    cand.apiVersion = current.apiVersion;
    cand.kind = current.kind;
    const cm = (cand.metadata ??= {});
    const causes: FieldCause[] = [];
    if (t.info.scope === "Cluster") delete cm.namespace;
    if (cm.name !== om.name) causes.push(invalidCause("metadata.name", cm.name ?? "", "field is immutable"));
    if ((cm.namespace ?? "") !== (om.namespace ?? "")) causes.push(invalidCause("metadata.namespace", cm.namespace ?? "", "field is immutable"));
    if (!cm.uid) cm.uid = om.uid;
    else if (cm.uid !== om.uid) causes.push(invalidCause("metadata.uid", cm.uid, "field is immutable"));
    if (cm.creationTimestamp === undefined) cm.creationTimestamp = om.creationTimestamp;
    else if (cm.creationTimestamp !== om.creationTimestamp) causes.push(invalidCause("metadata.creationTimestamp", cm.creationTimestamp, "field is immutable"));
    // An update can never set, change or clear a deletion timestamp.
    if (om.deletionTimestamp !== undefined) {
      cm.deletionTimestamp = om.deletionTimestamp;
    } else if (cm.deletionTimestamp !== undefined) {
      causes.push(invalidCause("metadata.deletionTimestamp", cm.deletionTimestamp, "field is immutable"));
    }
    if (om.deletionGracePeriodSeconds !== undefined) {
      cm.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
    } else if (cm.deletionGracePeriodSeconds !== undefined) {
      causes.push(invalidCause("metadata.deletionGracePeriodSeconds", cm.deletionGracePeriodSeconds, "field is immutable"));
    }
    cm.generation = om.generation;
    cm.resourceVersion = om.resourceVersion;
    if (cm.managedFields === undefined) cm.managedFields = om.managedFields;
    stripUndefined(cm);
    causes.push(...metadataCauses(cm));
    if (om.deletionTimestamp !== undefined) {
      const old = new Set(om.finalizers ?? []);
      const added = [...new Set(cm.finalizers ?? [])].filter((f) => !old.has(f)).sort();
      if (added.length > 0) {
        causes.push(
          forbiddenCause(
            "metadata.finalizers",
            `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => showValue(f)).join(", ")}}`,
          ),
        );
      }
    }
    if (causes.length > 0) throw ApiError.invalid(qk, t.name, causes);
    if (t.info.hasGeneration && !jsonEqual(generationTracked(cand, t.info), generationTracked(current, t.info))) {
      cm.generation = (om.generation ?? 0) + 1;
    }
    if (jsonEqual(cand, current)) return deepCopy(current);
    if (opts.dryRun) return deepCopy(cand);
    cm.resourceVersion = String(this.revision + 1);
    const removing = cm.deletionTimestamp !== undefined && (cm.finalizers ?? []).length === 0 && !this.keptWhileDeleting(t.kind, cand);
    if (removing) {
      this.commit("REMOVE", t, current, undefined);
      return deepCopy(cand);
    }
    return deepCopy(this.commit(op, t, current, cand)!);
  }

  private checkDeleteOptions(opts: DeleteOptions): void {
    const policy = opts.propagationPolicy as string | undefined;
    if (policy !== undefined && !(PROPAGATION_POLICIES as readonly string[]).includes(policy)) {
      throw ApiError.invalid("DeleteOptions.meta.k8s.io", "", [
        { field: "propagationPolicy", message: `Unsupported value: ${showValue(policy)}: supported values: "Foreground", "Background", "Orphan"` },
      ]);
    }
  }

  private deleteExisting(t: Target, current: KubeObject, opts: DeleteOptions & WriteOptions): DeleteOutcome {
    this.checkDeleteOptions(opts);
    const om = current.metadata ?? {};
    const pre = opts.preconditions;
    if (pre?.uid !== undefined && pre.uid !== om.uid) {
      throw preconditionFailed(t, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${om.uid ?? ""}`);
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== om.resourceVersion) {
      throw preconditionFailed(
        t,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${om.resourceVersion ?? ""}`,
      );
    }
    // The garbage collector's finalizers follow the policy; without one, the object's own finalizers decide.
    const policy = opts.propagationPolicy;
    const orphan = policy !== undefined ? policy === "Orphan" : hasFinalizer(current, ORPHAN_FINALIZER);
    const foreground = policy !== undefined ? policy === "Foreground" : hasFinalizer(current, FOREGROUND_FINALIZER);
    const finalizers = (om.finalizers ?? []).filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
    if (orphan) finalizers.push(ORPHAN_FINALIZER);
    if (foreground) finalizers.push(FOREGROUND_FINALIZER);

    if (finalizers.length === 0 && !this.keptWhileDeleting(t.kind, current)) {
      if (!opts.dryRun) this.commit("REMOVE", t, current, undefined);
      return { removed: true, object: deepCopy(current) };
    }
    const next = deepCopy(current) as Mutable;
    const nm = (next.metadata ??= {});
    if (finalizers.length > 0 || om.finalizers !== undefined) nm.finalizers = finalizers;
    if (nm.deletionTimestamp === undefined) {
      nm.deletionTimestamp = this.timestamp;
      nm.deletionGracePeriodSeconds = 0;
      if (t.info.hasGeneration && nm.generation !== undefined) nm.generation += 1;
      this.prepareForDeletion(t.kind, next);
    }
    if (jsonEqual(next, current)) return { removed: false, object: deepCopy(current) };
    if (opts.dryRun) return { removed: false, object: next };
    nm.resourceVersion = String(this.revision + 1);
    return { removed: false, object: deepCopy(this.commit("DELETE", t, current, next)!) };
  }

  /**
   * What the kind's storage sets on an object it creates, after the server's own metadata and before
   * validation (a registry strategy's `PrepareForCreate`). Nothing here; a served cluster sets more.
   */
  protected prepareForCreate(_kind: string, _body: Record<string, unknown>): void {}

  /** What the kind's storage keeps of the stored object in an update of the main resource (`PrepareForUpdate`). Nothing here. */
  protected prepareForUpdate(_kind: string, _body: Record<string, unknown>, _current: KubeObject): void {}

  /**
   * Whether the kind's storage keeps an object being deleted that has no `metadata.finalizers` left.
   * Nothing does here; a served cluster keeps a Namespace while its `spec.finalizers` remain.
   */
  protected keptWhileDeleting(_kind: string, _obj: KubeObject): boolean {
    return false;
  }

  /** What the kind's storage sets on an object the first delete keeps, besides the deletionTimestamp. Nothing here. */
  protected prepareForDeletion(_kind: string, _body: Record<string, unknown>): void {}

  /** Applies one write: the next revision, the change, the effect. Returns the stored (frozen) object. */
  private commit(op: EffectOp, t: Target, before: KubeObject | undefined, after: KubeObject | undefined): KubeObject | undefined {
    this.revision += 1;
    // `after` is always the server's own plain data: a wire copy of the request, a deep copy of
    // the stored object, or both, sharing subtrees of stored (frozen) objects.
    const stored = after === undefined ? undefined : deepFreezeData(after);
    this.changes.set(t.key, stored);
    this.cachedWorld = undefined;
    const effect: Effect = { op, kind: t.kind, namespace: t.namespace, name: t.name };
    if (before !== undefined) effect.before = before;
    if (stored !== undefined) effect.after = stored;
    this.effects.push(effect);
    return stored;
  }
}
