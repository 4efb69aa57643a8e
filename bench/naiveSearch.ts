import { buildInitialWorld } from "../src/explore/initialWorld.ts";
import type { ExplorerBuilder } from "../src/explore/explorerBuilder.ts";
import type { InitialState } from "../src/explore/initialStateBuilder.ts";
import { runReconcile } from "../src/explore/reconcileRun.ts";
import { TriggerIndex } from "../src/explore/triggerIndex.ts";
import type { ServerMeta } from "../src/apiserver/serverMeta.ts";
import type { World } from "../src/apiserver/world.ts";
import { loadHasher } from "../src/objects/hasher.ts";
import { VersionTable } from "../src/objects/versionTable.ts";
import { kindOf } from "../src/kinds.ts";
import type { KubeObject } from "../src/objects/kubeObject.ts";

/** The identity of a world: its objects' normalized content hashes, so both searches compare alike. */
export function worldKey(versions: VersionTable, objects: readonly KubeObject[]): string {
  return objects
    .map((o) => `${kindOf(o)}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}=${versions.hash(versions.intern(kindOf(o), o)).toString(16)}`)
    .sort()
    .join(";");
}

/**
 * The baseline: every path executed, as the original kamera does — no deduplication of states,
 * so a state reached by m paths is re-explored m times. Stops after `maxReconciles` reconciles
 * (then `complete` is false and the counts are lower bounds).
 */
export async function naiveSearch(
  builder: ExplorerBuilder,
  initial: InitialState,
  opts: { maxReconciles: number },
): Promise<{ reconciles: number; paths: number; converged: Set<string>; complete: boolean }> {
  const config = builder.build().config;
  const regs = config.registrations;
  const triggers = new TriggerIndex(regs);
  const hasher = await loadHasher();
  const versions = new VersionTable(hasher, () => []);
  const { world, meta } = await buildInitialWorld(config.kinds, initial, hasher);
  const converged = new Set<string>();
  let reconciles = 0;
  let paths = 0;
  let complete = true;
  const key = (reg: number, ns: string, name: string) => `${reg}\u0000${ns}\u0000${name}`;
  const start = new Set(initial.pending.map((p) => key(regs.findIndex((r) => r.id === p.reconcilerId), p.request.namespace, p.request.name)));

  const visit = async (w: World, m: ServerMeta, pending: Set<string>, depth: number): Promise<void> => {
    if (pending.size === 0) {
      paths++;
      converged.add(worldKey(versions, w.all()));
      return;
    }
    if (depth >= config.maxDepth) return;
    for (const p of [...pending].sort()) {
      if (reconciles >= opts.maxReconciles) {
        complete = false;
        return;
      }
      const [reg, ns, name] = p.split("\u0000") as [string, string, string];
      const r = Number(reg);
      const out = await runReconcile({
        reg: regs[r]!,
        request: { namespace: ns, name },
        view: w,
        trueWorld: w,
        meta: m,
        now: new Date(depth * config.tickMs),
        kinds: config.kinds,
        hasher,
        prefix: [],
        timeoutMs: 5_000,
      });
      reconciles++;
      const next = new Set(pending);
      next.delete(p);
      for (const e of out.effects) for (const t of triggers.triggered(e, out.world)) next.add(key(t.reconciler, t.request.namespace, t.request.name));
      if (out.error !== undefined || out.requeue) next.add(p);
      await visit(out.world, out.meta, next, depth + 1);
    }
  };
  await visit(world, meta, start, 0);
  return { reconciles, paths, converged, complete };
}
