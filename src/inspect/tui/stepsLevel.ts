import type { Path, Step } from "../../explore/exploreResult.ts";
import { requestText } from "../model/requestText.ts";
import type { LevelView } from "./levelView.ts";
import { objectLine } from "./objectLine.ts";
import { reconcileLevel } from "./reconcileLevel.ts";
import type { ResultIndex } from "./resultIndex.ts";
import { cell, line, type Line } from "./styledLine.ts";

/** `UPDATE webapp.example.com/Foo default/foo`. */
export function effectText(e: Step["effects"][number]): string {
  return `${e.op} ${e.kind} ${requestText(e)}`;
}

function writesText(n: number): string {
  return `${n} write${n === 1 ? "" : "s"}`;
}

/**
 * Level 3: the steps of one path — reconciler, request, number of writes, error; the detail
 * lists the step's effects and the world after it (Enter on an object shows its YAML).
 */
export function stepsLevel(index: ResultIndex, path: Path, name: string): LevelView {
  return {
    crumb: name,
    title: `Steps of ${name}`,
    columns: `${"#".padStart(3)}  ${cell("RECONCILER", 22)} ${cell("REQUEST", 22)} ${cell("WRITES", 8)} ERROR`,
    opens: "the reconcile",
    count: path.length,
    row(i) {
      const step = path[i]!;
      const quiet = step.effects.length === 0 && step.error === undefined;
      return {
        spans: [
          {
            text: `${String(i + 1).padStart(3)}  ${cell(step.reconcilerId, 22)} ${cell(requestText(step.request), 22)} ${cell(writesText(step.effects.length), 8)} `,
            dim: quiet,
          },
          ...(step.error !== undefined ? [{ text: step.error, color: "red" }] : []),
        ],
      };
    },
    filterText(i) {
      const step = path[i]!;
      return `${step.reconcilerId} ${requestText(step.request)} ${step.error ?? ""} ${step.effects.map(effectText).join(" ")}`;
    },
    showsObjects: false,
    detail(i) {
      if (i === undefined) return [line("This path has no steps that wrote or failed: the state is the initial one, or is reached from it by reconciles that wrote nothing (paths leave those out).", { dim: true })];
      const step = path[i]!;
      const lines: Line[] = [line(`Step ${i + 1}: ${step.reconcilerId} ${requestText(step.request)}`, { bold: true })];
      if (step.error !== undefined) lines.push(line(`Failed: ${step.error}`, { color: "red" }));
      if (step.effects.length === 0) lines.push(line("Effects: none", { dim: true }));
      else {
        lines.push(line(`Effects (${step.effects.length}):`));
        for (const e of step.effects) lines.push(line(`  ${effectText(e)}`, { color: e.op === "CREATE" ? "green" : e.op === "UPDATE" || e.op === "PATCH" ? "yellow" : "red" }));
      }
      const world = index.worldOf(step.stateAfter);
      lines.push(line(`World after (state ${step.stateAfter}):`, { bold: true }));
      if (world === undefined) {
        // A counterexample shortened under a reduction passes through states the explored graph does not hold.
        lines.push(line(index.canSave ? "  (not in the explored graph: a state of the full graph's shorter path)" : "  (not recorded: this result carries no graph)", { dim: true }));
      }
      else if (world.length === 0) lines.push(line("  (empty)", { dim: true }));
      else for (const o of world) lines.push(objectLine(o, index.shortHash(o), `after step ${i + 1}`));
      return lines;
    },
    open(i) {
      return { level: reconcileLevel(path[i]!, i) };
    },
  };
}
