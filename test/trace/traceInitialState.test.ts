import { beforeAll, describe, expect, it } from "vitest";
import { MIRROR_OF_LABEL } from "../../examples/config-mirror/mirrorReconciler.ts";
import { mirrorBuilder, scenario, sourceConfigMap } from "../../examples/config-mirror/scenario.ts";
import { initialStateFromTrace, parseTrace, worldAtEvent, type ExploreResult, type InitialState, type KubeObject, type Trace } from "../../src/index.ts";
import { recordMirrorTrace, type Recorded } from "./recordedTrace.ts";

/** Converged states by content: each object's kind, name and data (server metadata differs between runs). */
function converged(result: ExploreResult): string[] {
  return result.convergedStates
    .map((s) =>
      s.objects
        .map((o) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}=${JSON.stringify((o as { data?: unknown }).data)}`)
        .sort()
        .join(" "),
    )
    .sort();
}

async function explore(initial: InitialState): Promise<ExploreResult> {
  const builder = mirrorBuilder();
  return builder.build().explore(initial);
}

describe("exploring from a point of a recorded trace", () => {
  let rec: Recorded;
  let trace: Trace;
  beforeAll(async () => {
    rec = await recordMirrorTrace();
    trace = parseTrace(rec.text, rec.file);
  });

  it("at the first event, the world is web@A and the running reconcile is pending: the same converged states as the scenario's own initial state", async () => {
    const builder = mirrorBuilder();
    const initial = initialStateFromTrace(builder, trace, "0");
    expect(initial.objects.map((o) => `${o.kind} ${o.object.metadata?.name}@${o.object.metadata?.resourceVersion}`)).toEqual([`core/ConfigMap web@${rec.rv.webA}`]);
    expect(initial.pending).toEqual([{ reconcilerId: "MirrorController", request: { namespace: "default", name: "web" } }]);
    const fromTrace = await builder.build().explore(initial);
    const { builder: sb, initial: si } = scenario.build();
    const fromScenario = await sb.build().explore(si);
    expect(fromTrace.complete).toBe(true);
    expect(converged(fromTrace)).toEqual(converged(fromScenario));
    expect(converged(fromTrace)).toEqual(['ConfigMap/default/web-mirror={"greeting":"hello"} ConfigMap/default/web={"greeting":"hello"}']);
  });

  it("at the intruder's write (by id), the world is web@D with the mirror still at B, and r2 (still running) is pending for web", async () => {
    const at = trace.events[5]!.id;
    const builder = mirrorBuilder();
    const initial = initialStateFromTrace(builder, trace, at);
    expect(initial.objects.map((o) => `${o.object.metadata?.name}@${o.object.metadata?.resourceVersion}`)).toEqual([`web@${rec.rv.webD}`, `web-mirror@${rec.rv.mirrorB}`]);
    expect(initial.pending).toEqual([{ reconcilerId: "MirrorController", request: { namespace: "default", name: "web" } }]);
    const equivalent = builder
      .initialState()
      .addObject(sourceConfigMap({ greeting: "hey" }))
      .addObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web-mirror", namespace: "default", labels: { [MIRROR_OF_LABEL]: "web" } }, data: { greeting: "hello" } } as KubeObject)
      .enqueue("MirrorController", { namespace: "default", name: "web" })
      .build();
    expect(converged(await explore(initial))).toEqual(converged(await explore(equivalent)));
    expect(converged(await explore(initial))).toEqual(['ConfigMap/default/web-mirror={"greeting":"hey"} ConfigMap/default/web={"greeting":"hey"}']);
  });

  it("after the mirror's create, its own reconcile is pending (the controller watches ConfigMaps, mirrors too); after r1b read it, it is not", () => {
    const afterCreate = initialStateFromTrace(mirrorBuilder(), trace, "2");
    expect(afterCreate.pending.map((p) => p.request.name)).toEqual(["web-mirror"]);
    const afterR1b = initialStateFromTrace(mirrorBuilder(), trace, "3");
    expect(afterR1b.pending).toEqual([]);
  });

  it("the last event is the default, and a negative index counts from the end", () => {
    expect(worldAtEvent(trace, trace.events.length - 1).objects.map((o) => o.object.metadata?.resourceVersion)).toEqual([rec.rv.webD, rec.rv.mirrorF]);
    expect(initialStateFromTrace(mirrorBuilder(), trace)).toEqual(initialStateFromTrace(mirrorBuilder(), trace, "-1"));
  });

  it("an --at that names no event is a clear error", () => {
    expect(() => initialStateFromTrace(mirrorBuilder(), trace, "99")).toThrow(`--at 99: the trace has events 0 to ${trace.events.length - 1}`);
    expect(() => initialStateFromTrace(mirrorBuilder(), trace, "nope")).toThrow(/--at "nope" is neither an event id of the trace nor an event index/);
  });
});
