import { isNotFound, type Client, type KubeObject, type ObjectRef, type ReconcileContext, type Reconciler, type Request } from "../../src/index.ts";
import type { ConditionManager, ConditionSet } from "./conditionSet.ts";
import { semanticEqual } from "./semanticEqual.ts";
import type { KnativeResource, KnativeStatus } from "./types.ts";

/**
 * A status without its conditions' lastTransitionTimes. Knative's conditions keep them in an
 * `apis.VolatileTime`, which `equality.Semantic` declares equal to any other: a reconcile that
 * only moved a transition time (a condition flipped and flipped back) does not write.
 */
function withoutVolatileTimes(status: KnativeStatus | undefined): unknown {
  if (!status?.conditions) return status;
  return { ...status, conditions: status.conditions.map(({ lastTransitionTime: _volatile, ...c }) => c) };
}

/** Reason Knative puts on Ready when a reconcile saw a new generation but set no condition. */
export const NEW_OBSERVED_GEN_FAILURE = "NewObservedGenFailure";

/**
 * The shell `knative.dev/pkg`'s generated reconcilers wrap around every `ReconcileKind`, so that
 * each model reconciler only writes what its real counterpart's ReconcileKind writes:
 * 1. get the object from the cache (gone: nothing to do; being deleted: nothing to do, as none of
 *    the modelled reconcilers has finalizers);
 * 2. PreProcessReconcile: add missing conditions as Unknown, and if `status.observedGeneration`
 *    lags `metadata.generation`, mark Ready Unknown (`NewObservedGenFailure`);
 * 3. ReconcileKind on the object as read (the client's copy; only its status may change);
 * 4. PostProcessReconcile: `observedGeneration = generation`, whether or not ReconcileKind failed;
 * 5. write the status with `updateStatus` only if it differs semantically from what was read
 *    (condition transition times do not count);
 * 6. rethrow ReconcileKind's error, so the request is retried (as the work queue does).
 */
export abstract class GenReconciler<T extends KnativeResource<unknown, KnativeStatus>> implements Reconciler {
  /** apiVersion and kind of the primary resource. */
  protected abstract readonly apiVersion: string;
  protected abstract readonly kind: string;
  protected abstract readonly conditionSet: ConditionSet;

  constructor(protected readonly client: Client) {}

  /** Which objects this implementation handles (class annotations); the others are skipped. */
  protected accepts(_obj: T): boolean {
    return true;
  }

  /** The reconciler's own logic: mutate `obj` (its status) and write children through the client. */
  protected abstract reconcileKind(obj: T, conditions: ConditionManager, ctx: ReconcileContext): Promise<void>;

  /** Runs one reconcile of `req` the way the generated reconciler does. */
  async reconcile(req: Request, ctx: ReconcileContext): Promise<void> {
    // The client hands out a deep copy, so the reconcile may mutate it; only the status as read is kept aside.
    const obj = await this.getIfExists<T>({ apiVersion: this.apiVersion, kind: this.kind, namespace: req.namespace, name: req.name });
    if (!obj || !this.accepts(obj) || obj.metadata.deletionTimestamp) return;
    // A shallow copy is enough: reconcilers (and the condition manager) replace status fields, never mutate them in place.
    const statusAsRead = obj.status === undefined ? undefined : { ...(obj.status as KnativeStatus) };
    const status = (obj.status ??= {} as NonNullable<T["status"]>) as KnativeStatus;
    const conditions = this.conditionSet.manage(status, ctx.now());
    conditions.initializeConditions();
    const generation = obj.metadata.generation ?? 0;
    if ((status.observedGeneration ?? 0) !== generation) {
      conditions.markUnknown(this.conditionSet.happy, NEW_OBSERVED_GEN_FAILURE, "unsuccessfully observed a new generation");
    }
    let failure: { error: unknown } | undefined;
    try {
      await this.reconcileKind(obj, conditions, ctx);
    } catch (error) {
      failure = { error };
    }
    status.observedGeneration = generation;
    if (!semanticEqual(withoutVolatileTimes(statusAsRead), withoutVolatileTimes(status))) {
      // A JSON round trip drops the fields a reconcile cleared by assigning undefined, as Go's omitempty would.
      await this.client.updateStatus({ ...obj, status: JSON.parse(JSON.stringify(status)) as KnativeStatus });
    }
    if (failure) throw failure.error;
  }

  /** A lister `Get`: the object, or undefined when it does not exist. */
  protected async getIfExists<O extends KubeObject>(ref: ObjectRef): Promise<O | undefined> {
    try {
      return await this.client.get<O>(ref);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
