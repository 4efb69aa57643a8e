import type { Step } from "../../explore/exploreResult.ts";
import { effectDiff } from "./effectDiff.ts";
import type { LevelView } from "./levelView.ts";
import { requestText } from "../model/requestText.ts";
import { cell, line, type Line } from "./styledLine.ts";

const OP_COLOR: Record<string, string> = { CREATE: "green", UPDATE: "yellow", PATCH: "yellow", DELETE: "red", REMOVE: "red" };

function stepFacts(step: Step, n: number): Line[] {
  const lines: Line[] = [line(`Reconcile ${n + 1}: ${step.reconcilerId} ${requestText(step.request)}`, { bold: true })];
  if (step.error !== undefined) lines.push(line(`Failed: ${step.error}`, { color: "red" }));
  const result = step.requeue ? "requeue" : step.requeueAfter !== undefined ? `requeue after ${step.requeueAfter} ms` : undefined;
  if (result) lines.push(line(`Returned: ${result}`));
  if (step.choices?.length) lines.push(line(`Choices: ${step.choices.join(", ")}`));
  if (step.staleView) {
    const view = Object.entries(step.staleView).map(([k, v]) => `${k}@${v}`);
    lines.push(line(`Stale view: ${view.join(", ")}`, { color: "yellow" }));
  }
  lines.push(line(`States: ${step.stateBefore} → ${step.stateAfter}`, { dim: true }));
  return lines;
}

/**
 * Level 4: one reconcile — each effect (verb, kind, namespace, name); the detail shows what the
 * selected effect changed as a YAML diff (or the whole object for a create). Enter opens the
 * object the effect wrote.
 */
export function reconcileLevel(step: Step, n: number): LevelView {
  return {
    crumb: `step ${n + 1} ${step.reconcilerId}`,
    title: `Effects of ${step.reconcilerId} ${requestText(step.request)}`,
    columns: `${"#".padStart(3)}  ${cell("VERB", 7)} ${cell("KIND", 28)} NAMESPACE/NAME`,
    opens: "the object",
    count: step.effects.length,
    row(i) {
      const e = step.effects[i]!;
      return {
        spans: [
          { text: `${String(i + 1).padStart(3)}  ` },
          { text: cell(e.op, 7), color: OP_COLOR[e.op] },
          { text: ` ${cell(e.kind, 28)} ${e.namespace ? `${e.namespace}/${e.name}` : e.name}` },
        ],
      };
    },
    filterText(i) {
      const e = step.effects[i]!;
      return `${e.op} ${e.kind} ${e.namespace}/${e.name}`;
    },
    showsObjects: true,
    detail(i, opts) {
      const facts = stepFacts(step, n);
      if (i === undefined) return [...facts, line(""), line("This reconcile wrote nothing.", { dim: true })];
      const e = step.effects[i]!;
      return [
        ...facts,
        line(""),
        {
          spans: [
            { text: `${e.op} `, color: OP_COLOR[e.op], bold: true },
            { text: `${e.kind} ${e.namespace ? `${e.namespace}/${e.name}` : e.name}`, bold: true },
          ],
        },
        ...effectDiff(e, opts),
      ];
    },
    open(i) {
      const e = step.effects[i]!;
      const object = e.after ?? e.before;
      if (!object) return undefined;
      const which = e.after ? "after" : "before";
      return { yaml: { title: `${e.kind} ${e.namespace ? `${e.namespace}/${e.name}` : e.name} (${which} ${e.op} in step ${n + 1})`, object } };
    },
  };
}
