import { KameraError } from "../kameraError.ts";
import { kindOf } from "../kinds.ts";
import { describeThrown, describeValue } from "../objects/safeDescribe.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { Request } from "../reconciler.ts";
import type { Effect } from "../apiserver/effect.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { WorldReader } from "../apiserver/worldReader.ts";
import { garbageCollectorMayTrigger, garbageCollectorTrigger } from "../controllers/garbageCollector.ts";
import { errorLocation } from "./errorLocation.ts";

/** A triggered reconcile: registration index and request. */
export interface Triggered {
  reconciler: number;
  request: Request;
}

/**
 * Watch semantics (semantics.md "Triggers"): which reconciles an effect enqueues. Built once per
 * explorer as per-kind lists so an effect only looks at the controllers that care about its kind.
 */
export class TriggerIndex {
  private readonly forKind = new Map<string, number[]>();
  private readonly ownsKind = new Map<string, number[]>();
  private readonly watchesKind = new Map<string, { reg: number; map: (obj: KubeObject) => Request[] }[]>();
  private readonly custom: number[] = [];
  /**
   * Per custom trigger (same order), what tells from the effect alone that it enqueues nothing, when
   * that is known: the garbage collector's is asked of nearly every write, and answers with a new
   * empty list for most.
   */
  private readonly customMay: (((effect: Effect) => boolean) | undefined)[] = [];

  constructor(private readonly regs: readonly ControllerRegistration[]) {
    const add = <T>(m: Map<string, T[]>, k: string, v: T) => {
      const l = m.get(k);
      if (l) l.push(v);
      else m.set(k, [v]);
    };
    regs.forEach((r, i) => {
      add(this.forKind, r.for, i);
      for (const k of r.owns) add(this.ownsKind, k, i);
      for (const w of r.watches) add(this.watchesKind, w.kind, { reg: i, map: w.map });
      if (r.trigger) {
        this.custom.push(i);
        this.customMay.push(r.trigger === garbageCollectorTrigger ? garbageCollectorMayTrigger : undefined);
      }
    });
  }

  /**
   * The reconciles that `effect` enqueues. `skip(reg, kind)` lets staleness silence controllers
   * whose watch of a kind is stuck in the past.
   */
  triggered(effect: Effect, world: WorldReader, skip?: (reg: number, kind: string) => boolean): Triggered[] {
    const out = this.watchTriggered(effect, skip);
    this.customTriggered(effect, world, out);
    return out;
  }

  /**
   * The part of `triggered` that depends on the effect alone (for, owns and watches), in the same
   * order: with no `skip`, the same effect always gives the same requests, so callers may keep them.
   */
  watchTriggered(effect: Effect, skip?: (reg: number, kind: string) => boolean): Triggered[] {
    const out: Triggered[] = [];
    const kind = effect.kind;
    const objs = [effect.before, effect.after].filter((o): o is KubeObject => o !== undefined);
    for (const reg of this.forKind.get(kind) ?? []) {
      if (skip?.(reg, kind)) continue;
      out.push({ reconciler: reg, request: { namespace: effect.namespace, name: effect.name } });
    }
    for (const reg of this.ownsKind.get(kind) ?? []) {
      if (skip?.(reg, kind)) continue;
      const ownerKind = this.regs[reg]!.for;
      for (const o of objs) {
        for (const ref of o.metadata?.ownerReferences ?? []) {
          if (!ref.controller) continue;
          let refKind: string;
          try {
            refKind = kindOf(ref);
          } catch {
            continue; // a malformed ownerReference names no owner; the server keeps it, the watch ignores it
          }
          if (refKind === ownerKind) out.push({ reconciler: reg, request: { namespace: effect.namespace, name: ref.name } });
        }
      }
    }
    for (const w of this.watchesKind.get(kind) ?? []) {
      if (skip?.(w.reg, kind)) continue;
      for (const o of objs) {
        for (const r of mappedRequests(w.map, this.regs[w.reg]!.id, effect, o)) {
          out.push({ reconciler: w.reg, request: { namespace: r.namespace ?? "", name: r.name } });
        }
      }
    }
    return out;
  }

  /** Whether any registration has a custom `trigger` function (else `customTriggered` never adds anything). */
  get hasCustom(): boolean {
    return this.custom.length > 0;
  }

  /** The part of `triggered` that reads the world after the write (custom `trigger` functions, e.g. the garbage collector's), appended to `out`. */
  customTriggered(effect: Effect, world: WorldReader, out: Triggered[] = []): Triggered[] {
    for (let c = 0; c < this.custom.length; c++) {
      const may = this.customMay[c];
      if (may !== undefined && !may(effect)) continue;
      const reg = this.custom[c]!;
      for (const r of this.regs[reg]!.trigger!(effect, world)) out.push({ reconciler: reg, request: r });
    }
    return out;
  }
}

/**
 * The requests a watch's mapper maps `obj` to. A mapper is the user's code, but it runs on a write,
 * outside any reconcile, and what it returns is part of the transition (semantics.md "Triggers"):
 * one that throws, or returns anything but a list of requests with names, is a bug in the
 * controller's wiring with no retry to model, so it stops the exploration with the mapper's own
 * line rather than becoming a failed step or a request `enqueue` would have refused.
 */
function mappedRequests(map: (obj: KubeObject) => Request[], reconcilerId: string, effect: Effect, obj: KubeObject): Request[] {
  let returned: unknown;
  try {
    returned = map(obj);
  } catch (e) {
    throw new KameraError(`${watchText(effect, reconcilerId)}: the mapper threw on ${effectTarget(effect)}: ${describeThrown(e).error}${locationText(e)}`);
  }
  if (!Array.isArray(returned)) {
    throw new KameraError(`${watchText(effect, reconcilerId)}: the mapper returned ${describeValue(returned)} for ${effectTarget(effect)}, not an array of { namespace, name } requests`);
  }
  for (let i = 0; i < returned.length; i++) {
    const problem = requestProblem(returned[i]);
    if (problem !== undefined) throw new KameraError(`${watchText(effect, reconcilerId)}: the mapper returned ${describeValue(returned)} for ${effectTarget(effect)}: request ${i} ${problem}`);
  }
  return returned as Request[];
}

// Named only when a mapper misbehaves: mapping runs on every write, and builds no text otherwise.
function watchText(effect: Effect, reconcilerId: string): string {
  return `.watches("${effect.kind}", …) of reconciler "${reconcilerId}"`;
}

function effectTarget(effect: Effect): string {
  return `${effect.kind} ${effect.namespace ? `${effect.namespace}/` : ""}${effect.name}`;
}

/** Why `r` is not a request `enqueue` would accept (a non-empty string name; a string namespace, or none for a cluster-scoped object), or undefined. */
function requestProblem(r: unknown): string | undefined {
  if (typeof r !== "object" || r === null || Array.isArray(r)) return "is not a { namespace, name } object";
  const { namespace, name } = r as Partial<Request>;
  if (typeof name !== "string" || name === "") return "has no name (a non-empty string)";
  if (namespace !== undefined && typeof namespace !== "string") return "has a namespace that is not a string";
  return undefined;
}

/** " (at file:line:col)" of the user's line that threw, or nothing when there is none to read. */
function locationText(e: unknown): string {
  let location: string | undefined;
  try {
    location = errorLocation(e);
  } catch {
    location = undefined; // the error's `stack` is a getter that throws: the message alone must do
  }
  return location === undefined ? "" : ` (at ${location})`;
}
