import type { LabelSelector } from "../client/client.ts";
import type { WorldReader } from "../apiserver/worldReader.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { Request } from "../reconciler.ts";
import type { Effect } from "../apiserver/effect.ts";
import { controllerRefOf } from "./controllerRef.ts";
import { isEmptySelector, selectorMatches } from "./selectorMatch.ts";

/**
 * Requests for controllers that adopt orphans: an effect on an object without a controller
 * reference enqueues every object of `ownerKind` in its namespace whose selector matches it (the
 * real controllers' add/update handlers for orphans). Objects with a controller reference are
 * left to the `owns` rule.
 */
export function orphanTrigger(childKind: string, ownerKind: string): (effect: Effect, world: WorldReader) => Request[] {
  return (effect, world) => {
    if (effect.kind !== childKind) return [];
    const objs = [effect.before, effect.after].filter((o): o is KubeObject => o !== undefined && controllerRefOf(o) === undefined);
    if (objs.length === 0) return [];
    const out: Request[] = [];
    for (const owner of world.list(ownerKind)) {
      if (owner.metadata?.namespace !== effect.namespace) continue;
      const selector = (owner as { spec?: { selector?: LabelSelector } }).spec?.selector;
      if (!selector || isEmptySelector(selector)) continue;
      if (objs.some((o) => selectorMatches(selector, o.metadata?.labels))) out.push({ namespace: effect.namespace, name: owner.metadata?.name ?? "" });
    }
    return out;
  };
}

