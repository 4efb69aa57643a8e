import { diffArrays } from "diff";
import type { KubeObject } from "../../objects/kubeObject.ts";
import type { Effect } from "../../apiserver/effect.ts";
import { fieldChanges, fieldValueText, type FieldChange } from "../model/fieldChanges.ts";
import { withoutServerFields } from "../model/serverFields.ts";
import { objectYaml } from "./objectYaml.ts";
import { line, type Line } from "./styledLine.ts";

/** Options of `effectDiff`. */
export interface EffectDiffOptions {
  hideServerFields: boolean;
  /** Unchanged lines kept around each change (default 3). */
  context?: number;
}

function short(value: unknown): string {
  const text = fieldValueText(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function changeLine(c: FieldChange): Line {
  switch (c.change) {
    case "added":
      return line(`  + ${c.path}: ${short(c.after)}`, { color: "green" });
    case "removed":
      return line(`  - ${c.path}: ${short(c.before)}`, { color: "red" });
    case "changed":
      return line(`  ~ ${c.path}: ${short(c.before)} → ${short(c.after)}`, { color: "yellow" });
  }
}

/** A YAML line diff with runs of unchanged lines folded to `context` lines around each change. */
function yamlDiff(before: string[], after: string[], context: number): Line[] {
  const out: Line[] = [];
  const parts = diffArrays(before, after);
  const fold = (n: number): Line => line(`  ⋯ ${n} unchanged line${n === 1 ? "" : "s"}`, { color: "cyan" });
  parts.forEach((part, i) => {
    if (part.added) for (const l of part.value) out.push(line(`+ ${l}`, { color: "green" }));
    else if (part.removed) for (const l of part.value) out.push(line(`- ${l}`, { color: "red" }));
    else {
      const lines = part.value;
      // Context only on the sides that touch a change.
      const head = i === 0 ? 0 : context;
      const tail = i === parts.length - 1 ? 0 : context;
      if (lines.length <= head + tail + 1) {
        for (const l of lines) out.push(line(`  ${l}`, { dim: true }));
        return;
      }
      for (const l of lines.slice(0, head)) out.push(line(`  ${l}`, { dim: true }));
      out.push(fold(lines.length - head - tail));
      for (const l of lines.slice(lines.length - tail)) out.push(line(`  ${l}`, { dim: true }));
    }
  });
  return out;
}

function wholeObject(obj: KubeObject, sign: "+" | "-", opts: EffectDiffOptions): Line[] {
  const color = sign === "+" ? "green" : "red";
  return objectYaml(obj, opts).map((l) => line(`${sign} ${l}`, { color }));
}

/**
 * What one effect changed, as inspector lines: for an update, patch or delete, the fields that
 * changed and a YAML diff of the two versions; for a create, the whole new object; for a remove,
 * the object that left the world. Server-managed metadata is hidden unless asked for.
 */
export function effectDiff(effect: Effect, opts: EffectDiffOptions): Line[] {
  const context = opts.context ?? 3;
  const { before, after } = effect;
  if (effect.op === "CREATE" || (!before && after)) {
    if (!after) return [line("(the created object was not recorded)", { dim: true })];
    return [line("created:", { bold: true }), ...wholeObject(after, "+", opts)];
  }
  if (effect.op === "REMOVE" || (before && !after)) {
    if (!before) return [line("(the removed object was not recorded)", { dim: true })];
    return [line("removed from the world:", { bold: true }), ...wholeObject(before, "-", opts)];
  }
  if (!before || !after) return [line("(the object versions were not recorded)", { dim: true })];
  const a = opts.hideServerFields ? withoutServerFields(before) : before;
  const b = opts.hideServerFields ? withoutServerFields(after) : after;
  const changes = fieldChanges(a, b);
  if (changes.length === 0) {
    return [
      line(
        opts.hideServerFields ? "only server-managed fields changed (m shows them)" : "no field changed",
        { dim: true },
      ),
    ];
  }
  return [
    line(`${changes.length} field${changes.length === 1 ? "" : "s"} changed:`, { bold: true }),
    ...changes.map(changeLine),
    line(""),
    ...yamlDiff(objectYaml(before, opts), objectYaml(after, opts), context),
  ];
}
