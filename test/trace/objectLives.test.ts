import { describe, expect, it } from "vitest";
import { livesByObject } from "../../src/trace/objectLives.ts";
import type { TraceEvent, TraceOp } from "../../src/trace/traceFormat.ts";

let n = 0;
function event(op: TraceOp, name: string, uid: string, resourceVersion: string, extra: Partial<TraceEvent> = {}): TraceEvent {
  const seen = op !== "DELETE" && resourceVersion !== "" && !extra.error;
  return {
    type: "event",
    id: `e${++n}`,
    ts: "2026-01-01T00:00:00.000Z",
    reconcileId: null,
    controller: "c",
    rootId: null,
    op,
    group: "",
    kind: "ConfigMap",
    namespace: "default",
    name,
    uid,
    resourceVersion,
    ...(seen ? { hash: `h-${uid}-${resourceVersion}` } : {}),
    ...extra,
  };
}

const notFound = { error: { code: 404, reason: "NotFound", message: "not found" } };

function lives(events: TraceEvent[], key = "core/ConfigMap/default/app"): [string, string[], number[]][] | undefined {
  return livesByObject(events)
    .get(key)
    ?.map((l) => [l.uid, l.versions.map((v) => v.resourceVersion), l.deletedAt]);
}

describe("the lives of an object in a trace", () => {
  it("each uid under one name is a life of its own, oldest first, and a delete by name ends the life last seen before it", () => {
    const events = [event("GET", "app", "u1", "5"), event("DELETE", "app", "", ""), event("CREATE", "app", "u2", "7"), event("UPDATE", "app", "u2", "8")];
    expect(lives(events)).toEqual([
      ["u1", ["5"], [1]],
      ["u2", ["7", "8"], []],
    ]);
  });

  it("a delete that names a uid ends that uid's life, even when another was seen since", () => {
    const events = [event("GET", "app", "u1", "5"), event("GET", "app", "u2", "9"), event("DELETE", "app", "u1", "5")];
    expect(lives(events)).toEqual([
      ["u1", ["5"], [2]],
      ["u2", ["9"], []],
    ]);
  });

  it("a delete of a version the trace never saw is a life of its own, before the lives seen after it", () => {
    const events = [event("DELETE", "app", "", ""), event("CREATE", "app", "u2", "7")];
    expect(lives(events)).toEqual([
      ["", [], [0]],
      ["u2", ["7"], []],
    ]);
  });

  it("an object only failed calls name never existed: it has no lives", () => {
    const events = [event("GET", "ghost", "", "", notFound), event("UPDATE", "ghost", "", "", notFound), event("DELETE", "ghost", "", "", notFound), event("GET", "app", "u1", "5")];
    expect(lives(events, "core/ConfigMap/default/ghost")).toBeUndefined();
    expect([...livesByObject(events).keys()]).toEqual(["core/ConfigMap/default/app"]);
  });
});
