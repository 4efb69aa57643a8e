import { describe, expect, it } from "vitest";
import { ConditionSet, rfc3339 } from "./conditionSet.ts";
import type { KnativeStatus } from "./types.ts";

const T0 = new Date(0);
const T1 = new Date(3_600_000);
const set = new ConditionSet(["ConfigurationsReady", "RoutesReady"]);

describe("ConditionSet (knative.dev/pkg living condition set)", () => {
  it("initializeConditions adds Ready and every dependent as Unknown, sorted by type", () => {
    const status: KnativeStatus = {};
    set.manage(status, T0).initializeConditions();
    expect(status.conditions).toEqual([
      { type: "ConfigurationsReady", status: "Unknown", lastTransitionTime: "1970-01-01T00:00:00Z" },
      { type: "Ready", status: "Unknown", lastTransitionTime: "1970-01-01T00:00:00Z" },
      { type: "RoutesReady", status: "Unknown", lastTransitionTime: "1970-01-01T00:00:00Z" },
    ]);
  });

  it("Ready becomes True only when every dependent is True", () => {
    const status: KnativeStatus = {};
    const m = set.manage(status, T0);
    m.initializeConditions();
    m.markTrue("ConfigurationsReady");
    expect(m.get("Ready")?.status).toBe("Unknown");
    m.markTrue("RoutesReady");
    expect(m.isHappy()).toBe(true);
  });

  it("marking a dependent Unknown makes Ready Unknown with its reason", () => {
    const status: KnativeStatus = {};
    const m = set.manage(status, T0);
    m.markTrue("ConfigurationsReady");
    m.markTrue("RoutesReady");
    m.markUnknown("RoutesReady", "TrafficNotMigrated", "Traffic is not yet migrated to the latest revision.");
    expect(m.get("Ready")).toMatchObject({ status: "Unknown", reason: "TrafficNotMigrated" });
  });

  it("a False dependent wins over an Unknown one: Ready stays False", () => {
    const status: KnativeStatus = {};
    const m = set.manage(status, T0);
    m.initializeConditions();
    m.markFalse("ConfigurationsReady", "RevisionFailed", "boom");
    expect(m.get("Ready")).toMatchObject({ status: "False", reason: "RevisionFailed" });
    m.markUnknown("RoutesReady", "OutOfDate", "later");
    expect(m.get("Ready")).toMatchObject({ status: "False", reason: "RevisionFailed" });
  });

  it("a condition outside the set gets severity Info and does not make Ready Unknown", () => {
    const status: KnativeStatus = {};
    const m = new ConditionSet(["ResourcesAvailable"]).manage(status, T0);
    m.markTrue("ResourcesAvailable");
    m.markUnknown("Active", "Queued", "buffered");
    expect(m.get("Active")).toMatchObject({ status: "Unknown", severity: "Info" });
    expect(m.isHappy()).toBe(true);
  });

  it("re-marking a condition unchanged keeps its lastTransitionTime and leaves the list untouched", () => {
    const status: KnativeStatus = {};
    set.manage(status, T0).markTrue("RoutesReady");
    const before = status.conditions;
    set.manage(status, T1).markTrue("RoutesReady");
    expect(status.conditions).toBe(before);
    set.manage(status, T1).markUnknown("RoutesReady", "OutOfDate", "x");
    expect(status.conditions!.find((c) => c.type === "RoutesReady")!.lastTransitionTime).toBe(rfc3339(T1));
  });

  it("markTrueWithReason keeps the reason on the condition", () => {
    const status: KnativeStatus = {};
    const m = new ConditionSet(["CertificateProvisioned"]).manage(status, T0);
    m.markTrueWithReason("CertificateProvisioned", "TLSNotEnabled", "autoTLS is not enabled");
    expect(m.get("CertificateProvisioned")).toMatchObject({ status: "True", reason: "TLSNotEnabled" });
    expect(m.isHappy()).toBe(true);
  });
});
