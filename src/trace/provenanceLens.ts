import { KameraError } from "../kameraError.ts";
import { READ_OPS, ROOT_EVENT_LABEL, objectKeyOf, type TraceEvent } from "./traceFormat.ts";
import { isUnfinished, type Trace } from "./traceParser.ts";

/** A write in the causal tree, and the reconciles that read what it wrote. */
export interface ProvenanceWrite {
  eventId: string;
  index: number;
  op: string;
  subresource?: string;
  object: string;
  resourceVersion: string;
  error?: string;
  caused: ProvenanceReconcile[];
}

/** A reconcile in the causal tree: what it read first (which set its root) and what it wrote. */
export interface ProvenanceReconcile {
  reconcileId: string;
  controller: string;
  request: string;
  /** The read that gave the reconcile its root: the object version it was caused by. */
  triggeredBy: { eventId: string; object: string; resourceVersion: string };
  /** The reconcile failed: it ended with this error (it threw). */
  error?: string;
  /** The reconcile has no end record (see `isUnfinished`). */
  unfinished?: true;
  writes: ProvenanceWrite[];
}

/** A root and everything it caused. `origin` is the outside write an `ext-...` root names (known when a reconcile in the trace took the root from it). */
export interface ProvenanceTree {
  rootId: string;
  origin?: { object: string; resourceVersion: string };
  /** Reconciles caused directly by the root (they read the root version itself). */
  reconciles: ProvenanceReconcile[];
}

const WRITE_OPS = new Set(["CREATE", "UPDATE", "PATCH", "DELETE"]);

/**
 * The outside writes that roots name. A traced reconcile takes its root from the first object
 * version it reads: that object's root label, or, when it has none (nobody traced wrote it), an
 * `ext-` id of that very version. So a reconcile whose root-giving read returned an unlabelled
 * object names the origin of its root exactly, and no hash has to be recomputed (the lenses run
 * in the browser too, where no synchronous SHA-256 exists).
 */
function externalOrigins(trace: Trace): Map<string, { object: string; resourceVersion: string }> {
  const out = new Map<string, { object: string; resourceVersion: string }>();
  const rooted = new Set<string>();
  for (const e of trace.events) {
    if (e.reconcileId === null || rooted.has(e.reconcileId) || !READ_OPS.has(e.op) || e.error || e.hash === undefined || e.rootId === null) continue;
    rooted.add(e.reconcileId);
    const value = trace.objects.get(e.hash) as { metadata?: { labels?: Record<string, unknown> } } | undefined;
    // An empty label counts as none, as in `rootOf`.
    if (value === undefined || value.metadata?.labels?.[ROOT_EVENT_LABEL]) continue;
    if (!out.has(e.rootId)) out.set(e.rootId, { object: objectKeyOf(e), resourceVersion: e.resourceVersion });
  }
  return out;
}

/** Root ids in order of first appearance. */
export function rootIds(trace: Trace): string[] {
  return [...new Set(trace.events.flatMap((e) => (e.rootId ? [e.rootId] : [])))];
}

/**
 * The provenance lens: the causal tree of a root (an outside write such as a `kubectl apply`, or
 * a root label set by hand). A reconcile hangs under the write that produced the object version
 * it read first (the read that gave it its root), or under the root when that version came from
 * outside; each write lists the reconciles it caused. Without `rootId`, every root's tree.
 *
 * @example
 * ```ts
 * const [tree] = provenanceLens(trace, "ext-3f2a9c0d11b7e845");
 * ```
 */
export function provenanceLens(trace: Trace, rootId?: string): ProvenanceTree[] {
  const roots = rootIds(trace);
  if (rootId !== undefined && !roots.includes(rootId)) {
    throw new KameraError(`the trace has no root ${JSON.stringify(rootId)}; its roots are: ${roots.join(", ") || "(none: no traced reconcile read anything)"}`);
  }
  const byReconcile = new Map<string, { e: TraceEvent; index: number }[]>();
  trace.events.forEach((e, index) => {
    if (e.reconcileId === null) return;
    let l = byReconcile.get(e.reconcileId);
    if (!l) byReconcile.set(e.reconcileId, (l = []));
    l.push({ e, index });
  });
  // The traced write that produced each version (uid@rv).
  const writerOf = new Map<string, ProvenanceWrite>();
  const nodes: { node: ProvenanceReconcile; root: string; parentVersion: string }[] = [];
  for (const [reconcileId, list] of byReconcile) {
    const first = list.find(({ e }) => READ_OPS.has(e.op) && !e.error && e.rootId !== null);
    if (!first) continue;
    const rec = trace.reconciles.get(reconcileId);
    const node: ProvenanceReconcile = {
      reconcileId,
      controller: first.e.controller,
      request: rec ? `${rec.namespace}/${rec.name}` : "(unknown request)",
      triggeredBy: { eventId: first.e.id, object: objectKeyOf(first.e), resourceVersion: first.e.resourceVersion },
      ...(rec?.error !== undefined ? { error: rec.error } : {}),
      ...(rec !== undefined && isUnfinished(rec) ? { unfinished: true as const } : {}),
      writes: [],
    };
    for (const { e, index } of list) {
      if (!WRITE_OPS.has(e.op)) continue;
      const w: ProvenanceWrite = {
        eventId: e.id,
        index,
        op: e.op,
        ...(e.subresource ? { subresource: e.subresource } : {}),
        object: objectKeyOf(e),
        resourceVersion: e.resourceVersion,
        ...(e.error ? { error: `${e.error.code} ${e.error.reason}` } : {}),
        caused: [],
      };
      node.writes.push(w);
      if (!e.error && e.op !== "DELETE") writerOf.set(`${e.uid}@${e.resourceVersion}`, w);
    }
    nodes.push({ node, root: first.e.rootId!, parentVersion: `${first.e.uid}@${first.e.resourceVersion}` });
  }
  const trees = new Map<string, ProvenanceTree>();
  const origins = externalOrigins(trace);
  for (const r of roots) {
    const origin = origins.get(r);
    trees.set(r, { rootId: r, ...(origin ? { origin } : {}), reconciles: [] });
  }
  for (const { node, root, parentVersion } of nodes) {
    const parent = writerOf.get(parentVersion);
    if (parent) parent.caused.push(node);
    else trees.get(root)!.reconciles.push(node);
  }
  const all = [...trees.values()];
  return rootId === undefined ? all : all.filter((t) => t.rootId === rootId);
}
