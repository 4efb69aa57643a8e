import type { Lifecycle, ObjectLife } from "./lifecycleLens.ts";
import type { WriteKnowledge } from "./knowledgeLens.ts";
import type { ProvenanceReconcile, ProvenanceTree } from "./provenanceLens.ts";
import { isUnfinished, type TracedReconcile } from "./traceParser.ts";

/** How a reconcile without an end record is marked, after it, as a failed one is with `failed: <error>`. */
export const UNFINISHED = "unfinished: no end record";

/** The trace's reconciles counted, with those that failed or never ended: `4 reconcile(s) (1 failed, 1 unfinished)`. */
export function reconcileCount(reconciles: ReadonlyMap<string, TracedReconcile>): string {
  const all = [...reconciles.values()];
  const failed = all.filter((r) => r.error !== undefined).length;
  const unfinished = all.filter(isUnfinished).length;
  const marks = [...(failed ? [`${failed} failed`] : []), ...(unfinished ? [`${unfinished} unfinished`] : [])];
  return `${all.length} reconcile(s)${marks.length ? ` (${marks.join(", ")})` : ""}`;
}

/** How a life of an object is headed when the object had more than one: the first, then each recreation. */
export function lifeHeading(life: ObjectLife, index: number): string {
  const uid = life.uid === "" ? "a uid the trace did not see" : `uid ${life.uid}`;
  return index === 0 ? `first life, ${uid}` : `recreated: a new object under the same name, ${uid}`;
}

/** The lifecycle lens as text: one block per version, its writer, and the diff indented; a heading per life when the object was recreated. */
export function lifecycleText(lc: Lifecycle): string {
  const count = lc.lives.reduce((n, life) => n + life.versions.length, 0);
  const out = [`lifecycle of ${lc.object}: ${count} version(s)${lc.lives.length > 1 ? ` in ${lc.lives.length} lives (deleted and created again)` : ""}`];
  lc.lives.forEach((life, i) => {
    if (lc.lives.length > 1) out.push(`  ${lifeHeading(life, i)}`);
    for (const v of life.versions) {
      const w = v.writer;
      const who = w.traced
        ? `written by ${w.controller} (${w.op}${w.subresource ? ` ${w.subresource}` : ""}, event #${w.index} ${w.eventId}${w.reconcileId ? `, reconcile ${w.reconcileId}` : ""}${w.reconcileError !== undefined ? ` failed: ${w.reconcileError}` : ""}${w.reconcileUnfinished ? ` ${UNFINISHED}` : ""})`
        : `not written by a traced client; first seen by ${w.firstSeenBy.controller} (${w.firstSeenBy.op}, event #${w.firstSeenBy.index})`;
      out.push(`  rv ${v.resourceVersion}  ${who}`);
      // The three file-header lines and the first hunk's @@ line go (the rv line above heads the
      // diff); a later hunk keeps its @@ line to mark the gap before it.
      if (v.diff !== "") for (const line of v.diff.split("\n").slice(4)) if (line !== "") out.push(`      ${line}`);
    }
    for (const d of life.deletedBy) out.push(`  deleted by ${d.controller} (event #${d.index} ${d.eventId})`);
  });
  return out.join("\n") + "\n";
}

function reconcileLines(r: ProvenanceReconcile, indent: string, out: string[]): void {
  out.push(`${indent}reconcile ${r.controller} ${r.request} [${r.reconcileId}] read ${r.triggeredBy.object}@${r.triggeredBy.resourceVersion}${r.error !== undefined ? `  failed: ${r.error}` : ""}${r.unfinished ? `  ${UNFINISHED}` : ""}`);
  for (const w of r.writes) {
    out.push(`${indent}  ${w.op}${w.subresource ? ` ${w.subresource}` : ""} ${w.object}${w.error ? ` failed: ${w.error}` : w.resourceVersion ? `@${w.resourceVersion}` : ""} (event #${w.index})`);
    for (const c of w.caused) reconcileLines(c, `${indent}    `, out);
  }
}

/** The provenance lens as an indented tree. */
export function provenanceText(trees: readonly ProvenanceTree[]): string {
  const out: string[] = [];
  for (const t of trees) {
    out.push(`root ${t.rootId}${t.origin ? ` (outside write of ${t.origin.object} at rv ${t.origin.resourceVersion})` : ""}`);
    for (const r of t.reconciles) reconcileLines(r, "  ", out);
  }
  if (out.length === 0) out.push("no causal roots: no traced reconcile read anything");
  return out.join("\n") + "\n";
}

/** One write of the knowledge lens and the versions its reconcile had read, stale ones marked. */
export function writeKnowledgeLines(w: WriteKnowledge): string[] {
  const out = [
    `#${w.index} ${w.controller} ${w.op}${w.subresource ? ` ${w.subresource}` : ""} ${w.object}${w.error ? ` failed: ${w.error}` : w.resourceVersion ? `@${w.resourceVersion}` : ""}${w.reconcileError !== undefined ? `  reconcile failed: ${w.reconcileError}` : ""}${w.reconcileUnfinished ? `  reconcile ${UNFINISHED}` : ""}`,
  ];
  if (w.reads.length === 0) out.push("    (read nothing first)");
  for (const r of w.reads) out.push(`    read ${r.object}@${r.resourceVersion}${r.stale ? `  STALE: the server held rv ${r.newestResourceVersion}` : ""}`);
  return out;
}

/** The knowledge lens: each write and the versions its reconcile had read, stale ones marked. */
export function knowledgeText(writes: readonly WriteKnowledge[]): string {
  const out = writes.flatMap(writeKnowledgeLines);
  if (out.length === 0) out.push("no writes in traced reconciles");
  const stale = writes.filter((w) => w.reads.some((r) => r.stale)).length;
  out.push(`${writes.length} write(s), ${stale} acting on stale reads`);
  return out.join("\n") + "\n";
}
