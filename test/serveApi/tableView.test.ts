import { describe, expect, it } from "vitest";
import { BUILTIN_RESOURCES } from "../../src/serveApi/resourceCatalog.ts";
import { humanDuration, tableOf, wantsTable } from "../../src/serveApi/tableView.ts";

describe("tables for kubectl get", () => {
  it("are what kubectl's Accept header asks for", () => {
    expect(wantsTable("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")).toBe(true);
    expect(wantsTable("application/json")).toBe(false);
    expect(wantsTable(undefined)).toBe(false);
  });

  it("ages read as apimachinery's HumanDuration", () => {
    expect([5, 119, 130, 600, 7200, 3 * 3600 + 1800, 30 * 3600, 3 * 86400 + 7200, 30 * 86400, 800 * 86400].map(humanDuration)).toEqual([
      "5s",
      "119s",
      "2m10s",
      "10m",
      "120m",
      "3h30m",
      "30h",
      "3d2h",
      "30d",
      "2y",
    ]);
  });

  it("a pod row has name, ready containers, status (Terminating while deleted), restarts and age", () => {
    const pods = BUILTIN_RESOURCES.find((r) => r.plural === "pods")!;
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web-1", creationTimestamp: "2026-01-01T00:00:00Z", deletionTimestamp: "2026-01-01T00:01:00Z" },
      spec: { containers: [{ name: "a" }, { name: "b" }] },
      status: { phase: "Running", containerStatuses: [{ ready: true, restartCount: 2 }, { ready: false, restartCount: 1 }] },
    };
    const t = tableOf(pods, [pod], new URLSearchParams(), new Date("2026-01-01T00:05:00Z"));
    expect((t.columnDefinitions as { name: string }[]).map((c) => c.name)).toEqual(["Name", "Ready", "Status", "Restarts", "Age"]);
    expect((t.rows as { cells: unknown[] }[])[0]!.cells).toEqual(["web-1", "1/2", "Terminating", "3", "5m"]);
    expect((t.rows as { object: { kind: string } }[])[0]!.object.kind).toBe("PartialObjectMetadata");
  });
});
