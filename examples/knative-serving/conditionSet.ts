import type { Condition, KnativeStatus } from "./types.ts";

/** RFC 3339 at second precision, as Go's `metav1.Time` serializes a condition's lastTransitionTime. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function sameCondition(a: Condition, b: Condition): boolean {
  return a.type === b.type && a.status === b.status && (a.severity ?? "") === (b.severity ?? "") && (a.reason ?? "") === (b.reason ?? "") && (a.message ?? "") === (b.message ?? "");
}

/**
 * `knative.dev/pkg/apis.ConditionSet` for a "living" resource: a happy condition (`Ready`) that
 * is True exactly when every dependent condition is True. The rules are Knative's, because the
 * model's readiness must flow exactly as the real reconcilers make it flow:
 * - marking a dependent True makes Ready True once all dependents are True;
 * - marking a dependent Unknown makes Ready Unknown, unless another dependent is False;
 * - marking a dependent False makes Ready False with the same reason;
 * - conditions outside the set (like a Revision's `Active`) carry severity Info and never make
 *   Ready anything but re-evaluated;
 * - a condition whose status, reason, message and severity are unchanged keeps its
 *   lastTransitionTime, and conditions are kept sorted by type. Both matter here: a reconcile
 *   that changes nothing then writes nothing.
 *
 * @example
 * ```ts
 * const routeConditions = new ConditionSet(["AllTrafficAssigned", "IngressReady", "CertificateProvisioned"]);
 * routeConditions.manage(route.status, ctx.now()).markTrue("AllTrafficAssigned");
 * ```
 */
export class ConditionSet {
  readonly happy = "Ready";

  constructor(readonly dependents: readonly string[]) {}

  /** A manager writing into `status.conditions`, stamping transitions with `now`. */
  manage(status: KnativeStatus, now: Date): ConditionManager {
    return new ConditionManager(this, status, rfc3339(now));
  }
}

/** `apis.ConditionManager`: reads and marks the conditions of one status. */
export class ConditionManager {
  constructor(
    private readonly set: ConditionSet,
    private readonly status: KnativeStatus,
    private readonly now: string,
  ) {}

  /** The condition of a type, or undefined. */
  get(type: string): Condition | undefined {
    return this.status.conditions?.find((c) => c.type === type);
  }

  /** Whether the happy condition is True. */
  isHappy(): boolean {
    return this.get(this.set.happy)?.status === "True";
  }

  private isTerminal(type: string): boolean {
    return type === this.set.happy || this.set.dependents.includes(type);
  }

  /** Sets a condition; an unchanged one keeps its lastTransitionTime (and the status is left as is). */
  setCondition(cond: Condition): void {
    const next: Condition = { type: cond.type, status: cond.status };
    const severity = cond.severity ?? (this.isTerminal(cond.type) ? undefined : "Info");
    if (severity) next.severity = severity;
    if (cond.reason) next.reason = cond.reason;
    if (cond.message) next.message = cond.message;
    const existing = this.get(cond.type);
    if (existing && sameCondition(existing, next)) return;
    next.lastTransitionTime = this.now;
    const others = (this.status.conditions ?? []).filter((c) => c.type !== cond.type);
    this.status.conditions = [...others, next].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  }

  /** Sets `type` True, then Ready True if every dependent is True. */
  markTrue(type: string): void {
    this.markTrueWithReason(type, "", "");
  }

  /** Like `markTrue`, with a reason and message on `type` (Knative's MarkTrueWithReason). */
  markTrueWithReason(type: string, reason: string, message: string): void {
    this.setCondition({ type, status: "True", reason, message });
    if (this.set.dependents.some((d) => this.get(d)?.status !== "True")) return;
    this.setCondition({ type: this.set.happy, status: "True" });
  }

  /** Sets `type` Unknown; Ready becomes Unknown too unless a dependent is False (then Ready is False). */
  markUnknown(type: string, reason: string, message: string): void {
    this.setCondition({ type, status: "Unknown", reason, message });
    let isDependent = false;
    for (const d of this.set.dependents) {
      if (this.get(d)?.status === "False") {
        if (this.get(this.set.happy)?.status !== "False") this.markFalse(this.set.happy, reason, message);
        return;
      }
      if (d === type) isDependent = true;
    }
    if (isDependent) this.setCondition({ type: this.set.happy, status: "Unknown", reason, message });
  }

  /** Sets `type` False, and Ready False with the same reason when `type` is part of the set. */
  markFalse(type: string, reason: string, message: string): void {
    this.setCondition({ type, status: "False", reason, message });
    if (type !== this.set.happy && this.isTerminal(type)) this.setCondition({ type: this.set.happy, status: "False", reason, message });
  }

  /** Adds every missing condition of the set as Unknown (True when Ready is already True). */
  initializeConditions(): void {
    let happy = this.get(this.set.happy);
    if (!happy) {
      this.setCondition({ type: this.set.happy, status: "Unknown" });
      happy = this.get(this.set.happy)!;
    }
    const status = happy.status === "True" ? "True" : "Unknown";
    for (const d of this.set.dependents) {
      if (!this.get(d)) this.setCondition({ type: d, status });
    }
  }
}
