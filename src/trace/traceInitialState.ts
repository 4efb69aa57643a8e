import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { ExplorerBuilder } from "../explore/explorerBuilder.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import { KameraError } from "../kameraError.ts";
import { kindOf } from "../kinds.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { Request } from "../reconciler.ts";
import { objectKeyOf } from "./traceFormat.ts";
import type { Trace } from "./traceParser.ts";
import { compareResourceVersions } from "./versionOrder.ts";

/** The cluster as a trace shows it after one event: each object at its newest version by then. */
export interface WorldAtEvent {
  /** Index of the event in `trace.events`. */
  index: number;
  /** `producedAt`: the index of the traced write that produced the version, or (written outside the trace) half an index before it was first seen. */
  objects: { object: KubeObject; producedAt: number }[];
}

/** Resolves `--at`: an event id, or a 0-based index into the trace's events (negative counts from the end). */
export function eventIndexOf(trace: Trace, at: string | undefined): number {
  if (trace.events.length === 0) throw new KameraError("the trace has no events to start from");
  if (at === undefined) return trace.events.length - 1;
  const byId = trace.events.findIndex((e) => e.id === at);
  if (byId >= 0) return byId;
  if (/^-?\d+$/.test(at)) {
    const n = Number(at);
    const i = n < 0 ? trace.events.length + n : n;
    if (i >= 0 && i < trace.events.length) return i;
    throw new KameraError(`--at ${at}: the trace has events 0 to ${trace.events.length - 1}`);
  }
  throw new KameraError(`--at ${JSON.stringify(at)} is neither an event id of the trace nor an event index (0 to ${trace.events.length - 1})`);
}

/**
 * The world after event `index`: every object at the newest version (by resourceVersion) that any
 * event up to `index` read or wrote, minus objects a successful DELETE or a NotFound read removed
 * later than their newest version was seen. Approximations: versions nobody traced saw are
 * unknown, and a deleted object is taken as gone even if finalizers kept it.
 *
 * @example
 * ```ts
 * const { objects } = worldAtEvent(trace, 12);   // the cluster as the trace shows it after event 12
 * ```
 */
export function worldAtEvent(trace: Trace, index: number): WorldAtEvent {
  const latest = new Map<string, { rv: string; hash: string; seen: number; producedAt: number }>();
  for (let i = 0; i <= index; i++) {
    const e = trace.events[i]!;
    const key = objectKeyOf(e);
    if ((e.op === "DELETE" && !e.error) || (e.error?.code === 404 && (e.op === "GET" || e.op === "UPDATE" || e.op === "PATCH"))) {
      latest.delete(key);
      continue;
    }
    if (e.error || e.hash === undefined) continue;
    const cur = latest.get(key);
    const cmp = cur ? compareResourceVersions(e.resourceVersion, cur.rv) : 1;
    // A version written by a traced call was produced there; one from outside, just before it was first seen.
    const producedAt = e.op === "GET" || e.op === "LIST" ? i - 0.5 : i;
    if (!cur || (cmp ?? 1) > 0) latest.set(key, { rv: e.resourceVersion, hash: e.hash, seen: i, producedAt });
  }
  const objects = [...latest.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => {
      const value = trace.objects.get(v.hash);
      if (!value) throw new KameraError(`the trace lacks the object record ${v.hash} (event #${v.seen}); it may be truncated`);
      return { object: structuredClone(value) as KubeObject, producedAt: v.producedAt };
    });
  return { index, objects };
}

function requestsOf(reg: ControllerRegistration, obj: KubeObject): Request[] {
  const kind = kindOf(obj);
  const out: Request[] = [];
  const ns = obj.metadata?.namespace ?? "";
  if (reg.for === kind) out.push({ namespace: ns, name: obj.metadata!.name! });
  if (reg.owns.includes(kind)) {
    for (const ref of obj.metadata?.ownerReferences ?? []) {
      if (ref.controller && kindOf(ref) === reg.for) out.push({ namespace: ns, name: ref.name });
    }
  }
  for (const w of reg.watches) if (w.kind === kind) for (const r of w.map(obj)) out.push({ namespace: r.namespace ?? "", name: r.name });
  return out;
}

/**
 * The initial state of an exploration that starts at event `at` of a trace: the world then (see
 * `worldAtEvent`) and the reconciles it implies — for each of the scenario's reconcilers and each
 * request its watches map an object to, a pending reconcile when that object's version was
 * produced after the last *finished* traced reconcile of that controller and request began, or
 * when such a reconcile was still running at `at`. Trace controllers are matched to reconcilers
 * by name (the `controller` given to `traceReconciler`).
 *
 * @example
 * ```ts
 * const trace = await readTraceFile("trace.jsonl");
 * const initial = initialStateFromTrace(builder, trace, "-1");
 * const result = await builder.build().explore(initial);
 * ```
 */
export function initialStateFromTrace(builder: ExplorerBuilder, trace: Trace, at?: string): InitialState {
  const index = eventIndexOf(trace, at);
  const world = worldAtEvent(trace, index);
  const regs = builder.build().config.registrations;
  const seed = builder.initialState();
  for (const { object } of world.objects) seed.addObject(object);
  // Per controller and request: the start of its last reconcile that finished by `index`, and whether one is still running.
  const lastDone = new Map<string, number>();
  const running = new Set<string>();
  for (const r of trace.reconciles.values()) {
    // Started by `index` when its start record precedes event `index`; ended when no event of it follows `index`.
    if (r.startIndex > index) continue;
    const key = `${r.controller}\u0000${r.namespace}\u0000${r.name}`;
    if (r.endIndex !== undefined && r.endIndex <= index + 1) lastDone.set(key, Math.max(lastDone.get(key) ?? -1, r.startIndex));
    else running.add(key);
  }
  const pending = new Set<string>();
  for (const reg of regs) {
    for (const { object, producedAt } of world.objects) {
      for (const req of requestsOf(reg, object)) {
        const key = `${reg.id}\u0000${req.namespace}\u0000${req.name}`;
        if (pending.has(key)) continue;
        const done = lastDone.get(key);
        if (running.has(key) || done === undefined || done <= producedAt) {
          pending.add(key);
          seed.enqueue(reg.id, req);
        }
      }
    }
  }
  return seed.build();
}
