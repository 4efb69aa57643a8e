import { kindOf } from "../kinds.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { Request } from "../reconciler.ts";
import type { Effect } from "../apiserver/effect.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { WorldReader } from "../apiserver/worldReader.ts";
import { garbageCollectorMayTrigger, garbageCollectorTrigger } from "../controllers/garbageCollector.ts";

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
        const reqs = w.map(o);
        if (!Array.isArray(reqs)) {
          throw new TypeError(`the watches("${kind}") mapper of ${this.regs[w.reg]!.id} returned ${typeof reqs}, expected an array of requests`);
        }
        for (const r of reqs) out.push({ reconciler: w.reg, request: { namespace: r.namespace ?? "", name: r.name } });
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
