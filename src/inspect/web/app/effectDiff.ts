import { diffLines } from "diff";
import type { KubeObject } from "../../../objects/kubeObject.ts";
import { fieldChanges, type FieldChange } from "../../model/fieldChanges.ts";
import { withoutServerFields } from "../../model/serverFields.ts";
import { objectYaml } from "./objectYaml.ts";

/** One side of a diff row: a 1-based line number and its text. */
export interface DiffCell {
  line: number;
  text: string;
}

/**
 * One row of a side-by-side diff. `changed` pairs a removed line with the added line that replaced
 * it; `fold` stands for `count` unchanged lines left out between context lines.
 */
export type DiffRow =
  | { kind: "same"; left: DiffCell; right: DiffCell }
  | { kind: "removed"; left: DiffCell }
  | { kind: "added"; right: DiffCell }
  | { kind: "changed"; left: DiffCell; right: DiffCell }
  | { kind: "fold"; count: number };

/** What an effect changed, ready to draw. */
export interface ObjectDiff {
  rows: DiffRow[];
  fields: FieldChange[];
}

/** Options of `diffObjects`. */
export interface DiffOptions {
  showServerFields?: boolean;
  /** Unchanged lines kept on each side of a change; longer unchanged runs are folded (default 3). */
  context?: number;
}

function lines(text: string): string[] {
  const out = text.split("\n");
  if (out[out.length - 1] === "") out.pop();
  return out;
}

/** Folds unchanged runs longer than two contexts, keeping `context` lines next to each change. */
function fold(rows: DiffRow[], context: number): DiffRow[] {
  const out: DiffRow[] = [];
  let i = 0;
  while (i < rows.length) {
    if (rows[i]!.kind !== "same") {
      out.push(rows[i++]!);
      continue;
    }
    let j = i;
    while (j < rows.length && rows[j]!.kind === "same") j++;
    const keepBefore = i === 0 ? 0 : context;
    const keepAfter = j === rows.length ? 0 : context;
    if (j - i > keepBefore + keepAfter + 1) {
      out.push(...rows.slice(i, i + keepBefore));
      out.push({ kind: "fold", count: j - i - keepBefore - keepAfter });
      out.push(...rows.slice(j - keepAfter, j));
    } else {
      out.push(...rows.slice(i, j));
    }
    i = j;
  }
  return out;
}

/**
 * A side-by-side YAML diff of two versions of an object, plus the list of leaf fields that
 * changed. A missing side (create, remove) diffs against nothing, so every line is added or removed.
 * Server-managed metadata is left out unless `showServerFields`.
 *
 * @example
 * ```ts
 * const { rows, fields } = diffObjects(effect.before, effect.after);
 * ```
 */
export function diffObjects(before: KubeObject | undefined, after: KubeObject | undefined, opts: DiffOptions = {}): ObjectDiff {
  const show = { showServerFields: opts.showServerFields ?? false };
  const left = before === undefined ? "" : objectYaml(before, show);
  const right = after === undefined ? "" : objectYaml(after, show);
  const rows: DiffRow[] = [];
  let l = 1;
  let r = 1;
  const parts = diffLines(left, right);
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const text = lines(part.value);
    if (!part.added && !part.removed) {
      for (const t of text) rows.push({ kind: "same", left: { line: l++, text: t }, right: { line: r++, text: t } });
      continue;
    }
    if (part.removed && parts[p + 1]?.added) {
      // A replaced block: pair lines row by row, the longer side's rest stands alone.
      const added = lines(parts[++p]!.value);
      const n = Math.max(text.length, added.length);
      for (let k = 0; k < n; k++) {
        const a = text[k];
        const b = added[k];
        if (a !== undefined && b !== undefined) rows.push({ kind: "changed", left: { line: l++, text: a }, right: { line: r++, text: b } });
        else if (a !== undefined) rows.push({ kind: "removed", left: { line: l++, text: a } });
        else rows.push({ kind: "added", right: { line: r++, text: b! } });
      }
      continue;
    }
    for (const t of text) {
      if (part.removed) rows.push({ kind: "removed", left: { line: l++, text: t } });
      else rows.push({ kind: "added", right: { line: r++, text: t } });
    }
  }
  // A missing side is an empty object: a create adds every top-level field, a remove removes them.
  const strip = (o: KubeObject | undefined): object => (o === undefined ? {} : show.showServerFields ? o : withoutServerFields(o));
  return { rows: fold(rows, opts.context ?? 3), fields: fieldChanges(strip(before), strip(after)) };
}
