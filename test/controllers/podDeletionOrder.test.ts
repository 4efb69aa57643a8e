import { describe, expect, it } from "vitest";
import { deletionOrder } from "../../src/controllers/podDeletionOrder.ts";
import type { Pod } from "../../src/controllers/workloadObjects.ts";

function p(name: string, nodeName: string | undefined, phase: string | undefined, ready: boolean, restarts = 0): Pod {
  return {
    metadata: { name },
    spec: nodeName ? { nodeName } : {},
    status: {
      ...(phase ? { phase: phase as NonNullable<Pod["status"]>["phase"] } : {}),
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: [{ name: "c", restartCount: restarts }],
    },
  };
}

describe("deletionOrder", () => {
  it("puts unscheduled, then pending, then not-ready, then often-restarted pods first, then names", () => {
    const pods = [
      p("ready-b", "n", "Running", true),
      p("ready-a", "n", "Running", true),
      p("restarted", "n", "Running", true, 3),
      p("unready", "n", "Running", false),
      p("pending", "n", "Pending", false),
      p("unknown", "n", "Unknown", false),
      p("unscheduled", undefined, "Pending", false),
    ];
    expect([...pods].sort(deletionOrder).map((x) => x.metadata!.name)).toEqual(["unscheduled", "pending", "unknown", "unready", "restarted", "ready-a", "ready-b"]);
  });
});
