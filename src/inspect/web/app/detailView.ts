import type { KubeObject } from "../../../objects/kubeObject.ts";
import type { Effect } from "../../../apiserver/effect.ts";
import type { PendingReconcile, Step } from "../../../explore/exploreResult.ts";
import { objectDigest } from "../../../results/objectDigest.ts";
import { pathSignature } from "../../../explore/pathSignature.ts";
import { fieldValueText } from "../../model/fieldChanges.ts";
import { pendingText, requestText } from "../../model/requestText.ts";
import { outcomeText, pathCountText } from "../../model/stateRows.ts";
import type { DrillDown } from "./drillDown.ts";
import { diffObjects, type DiffRow } from "./effectDiff.ts";
import { el, replaceChildren, type Child } from "./elementBuilder.ts";
import type { InspectedRun } from "./inspectedRun.ts";
import { objectYaml } from "./objectYaml.ts";

function pendingList(pending: readonly PendingReconcile[]): Child {
  if (pending.length === 0) return el("p", { class: "muted" }, "none");
  return el("ul", { class: "plain" }, ...pending.map((p) => el("li", { class: "mono" }, pendingText(p))));
}

function facts(pairs: [string, Child][]): HTMLElement {
  return el("dl", { class: "facts" }, ...pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function kindOfObject(o: KubeObject): string {
  const apiVersion = o.apiVersion ?? "";
  const slash = apiVersion.indexOf("/");
  return `${slash < 0 ? "core" : apiVersion.slice(0, slash)}/${o.kind ?? ""}`;
}

/**
 * The right-hand detail pane: follows the drill-down's selection. States show their objects (each
 * opens to its YAML), paths their reconcilers and end, steps the world after them and their
 * effects, and an effect its side-by-side diff.
 */
export class DetailView {
  private showServerFields = false;

  constructor(
    readonly root: HTMLElement,
    private readonly onChange: () => void,
  ) {}

  /** Draws the detail of the drill-down's selection. */
  render(nav: DrillDown): void {
    const p = nav.position();
    const run = nav.run;
    if (!p.row) {
      replaceChildren(this.root, el("p", { class: "muted" }, "Nothing selected."));
      return;
    }
    switch (p.level) {
      case "states":
        replaceChildren(this.root, ...this.stateDetail(run, p.row.index));
        return;
      case "paths": {
        const path = p.path ?? [];
        const reconcilers = [...new Set(path.map((s) => s.reconcilerId))].sort();
        replaceChildren(
          this.root,
          el("h2", {}, `Path ${p.pathIndex + 1} to ${p.row.state.id}`),
          facts([
            ["signature", el("span", { class: "mono" }, pathSignature(path) || "(no writes)")],
            ["length", String(path.length)],
            ["reconcilers", reconcilers.join(", ") || "none"],
            ["outcome", el("span", { class: `badge ${p.row.category}` }, outcomeText(p.row))],
          ]),
          el("h3", {}, "Pending reconciles at the end"),
          pendingList(p.row.state.pending),
        );
        return;
      }
      case "steps":
        replaceChildren(this.root, ...this.stepDetail(run, p.step, p.stepIndex));
        return;
      default:
        replaceChildren(this.root, ...this.effectDetail(p.step, p.effect));
    }
  }

  /** Draws a state that the list does not show (an intermediate state picked in the graph). */
  renderState(run: InspectedRun, state: number): void {
    replaceChildren(this.root, ...this.stateDetail(run, state));
  }

  private stateDetail(run: InspectedRun, s: number): Child[] {
    const g = run.graph;
    const row = run.rowOf(s);
    const outcome = g.outcome(s);
    const pairs: [string, Child][] = [
      ["outcome", row ? el("span", { class: `badge ${row.category}` }, outcomeText(row)) : `${outcome.kind}${outcome.reason ? `: ${outcome.reason}` : ""}`],
      ["depth", String(g.depth(s))],
    ];
    if (row) {
      pairs.push(["path count", pathCountText(row.state)]);
      pairs.push(["unique paths", `${row.state.paths.length}${row.state.pathsTruncated ? " (capped)" : ""}`]);
    }
    if (outcome.error) pairs.push(["error", el("span", { class: "error-text" }, outcome.error)]);
    // A failing reconciler's state is not itself aborted: its error comes from the result.
    else if (row?.state.error) pairs.push(["error", el("span", { class: "error-text" }, row.state.error)]);
    if (row?.state.errorLocation) pairs.push(["thrown at", el("span", { class: "mono" }, row.state.errorLocation)]);
    const failed = outcome.failedReconcile ?? row?.state.failedReconcile;
    if (failed) pairs.push(["failed reconcile", pendingText(failed)]);
    for (const v of outcome.violations ?? []) pairs.push([`violated: ${v.invariant}`, el("span", { class: "error-text" }, v.message)]);
    return [
      el("h2", {}, `State ${g.stateId(s)}`, s === 0 ? el("span", { class: "muted" }, " (initial)") : null),
      facts(pairs),
      el("h3", {}, "Pending reconciles"),
      pendingList(g.pending(s)),
      el("h3", {}, `Objects (${g.objects(s).length})`),
      this.objectList(g.objects(s)),
    ];
  }

  private objectList(objects: readonly KubeObject[]): Child {
    if (objects.length === 0) return el("p", { class: "muted" }, "none");
    return el(
      "div",
      { class: "objects", "data-testid": "objects" },
      ...objects.map((o) => {
        const details = el(
          "details",
          {},
          el(
            "summary",
            {},
            el("span", { class: "kind" }, kindOfObject(o)),
            " ",
            el("span", { class: "mono" }, `${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name ?? ""}`),
            " ",
            el("span", { class: "hash mono", title: "content digest" }, objectDigest(o).slice(0, 8)),
          ),
        );
        // YAML is rendered on first open: a state may hold many objects.
        details.addEventListener("toggle", () => {
          if (details.open && !details.querySelector("pre")) details.appendChild(el("pre", { class: "yaml" }, objectYaml(o, { showServerFields: this.showServerFields })));
        });
        return details;
      }),
    );
  }

  private stepDetail(run: InspectedRun, step: Step | undefined, index: number): Child[] {
    if (!step) return [el("p", { class: "muted" }, "No step selected.")];
    const pairs: [string, Child][] = [
      ["reconciler", step.reconcilerId],
      ["request", el("span", { class: "mono" }, requestText(step.request))],
      ["writes", String(step.effects.length)],
      ["states", el("span", { class: "mono" }, `${step.stateBefore} → ${step.stateAfter}`)],
    ];
    if (step.error) pairs.push(["error", el("span", { class: "error-text" }, step.error)]);
    if (step.errorLocation) pairs.push(["thrown at", el("span", { class: "mono" }, step.errorLocation)]);
    if (step.requeue) pairs.push(["requeue", "yes"]);
    if (step.requeueAfter !== undefined) pairs.push(["requeue after", `${step.requeueAfter} ms`]);
    if (step.choices?.length) pairs.push(["choices", step.choices.join(", ")]);
    if (step.staleView) pairs.push(["stale view", Object.entries(step.staleView).map(([k, v]) => `${k}@${v}`).join(", ")]);
    const after = run.indexOf(step.stateAfter);
    return [
      el("h2", {}, `Step ${index + 1}: ${step.reconcilerId}`),
      facts(pairs),
      el("h3", {}, "Effects"),
      step.effects.length === 0
        ? el("p", { class: "muted" }, "none (this reconcile wrote nothing)")
        : el("ul", { class: "plain" }, ...step.effects.map((e) => el("li", {}, el("span", { class: `verb ${e.op.toLowerCase()}` }, e.op), ` ${e.kind} ${requestText(e)}`))),
      el("h3", {}, "World after the step"),
      after === undefined ? el("p", { class: "muted" }, "state not in the graph") : this.objectList(run.graph.objects(after)),
    ];
  }

  private effectDetail(step: Step | undefined, effect: Effect | undefined): Child[] {
    if (!step || !effect) return [el("p", { class: "muted" }, "No effect selected.")];
    const toggle = el("label", { class: "toggle" }, el("input", {
      type: "checkbox",
      checked: this.showServerFields,
      "data-testid": "server-fields",
      onchange: (event: Event) => {
        this.showServerFields = (event.target as HTMLInputElement).checked;
        this.onChange();
      },
    }), " show server-managed fields");
    const title = el("h2", {}, el("span", { class: `verb ${effect.op.toLowerCase()}` }, effect.op), ` ${effect.kind} ${requestText(effect)}`);
    if (effect.op === "CREATE" && effect.after) {
      return [title, toggle, el("p", { class: "muted" }, "Created object:"), el("pre", { class: "yaml", "data-testid": "created-object" }, objectYaml(effect.after, { showServerFields: this.showServerFields }))];
    }
    const diff = diffObjects(effect.before, effect.after, { showServerFields: this.showServerFields });
    const fields =
      diff.fields.length === 0
        ? el("p", { class: "muted" }, effect.before && effect.after ? "No field changed (only server-managed fields, if any)." : "")
        : el(
            "ul",
            { class: "fields", "data-testid": "field-changes" },
            ...diff.fields.map((f) =>
              el(
                "li",
                { class: f.change },
                el("span", { class: "mono" }, f.path),
                f.change === "changed"
                  ? ` ${fieldValueText(f.before)} → ${fieldValueText(f.after)}`
                  : f.change === "added"
                    ? ` added ${fieldValueText(f.after)}`
                    : ` removed (was ${fieldValueText(f.before)})`,
              ),
            ),
          );
    return [
      title,
      toggle,
      !effect.before ? el("p", { class: "muted" }, "No earlier version was recorded.") : null,
      fields,
      el("table", { class: "diff", "data-testid": "diff" },
        el("colgroup", {}, el("col", { class: "ln" }), el("col", {}), el("col", { class: "ln" }), el("col", {})),
        el("thead", {}, el("tr", {}, el("th", { colspan: 2 }, "before"), el("th", { colspan: 2 }, "after"))),
        el("tbody", {}, ...diff.rows.map(diffRow)),
      ),
    ];
  }
}

function cells(cell: { line: number; text: string } | undefined, cls: string): Child[] {
  if (!cell) return [el("td", { class: "ln" }), el("td", { class: `code ${cls} blank` })];
  return [el("td", { class: "ln" }, cell.line), el("td", { class: `code ${cls}` }, cell.text)];
}

function diffRow(row: DiffRow): HTMLElement {
  switch (row.kind) {
    case "same":
      return el("tr", {}, ...cells(row.left, "same"), ...cells(row.right, "same"));
    case "removed":
      return el("tr", {}, ...cells(row.left, "del"), ...cells(undefined, ""));
    case "added":
      return el("tr", {}, ...cells(undefined, ""), ...cells(row.right, "add"));
    case "changed":
      return el("tr", {}, ...cells(row.left, "del"), ...cells(row.right, "add"));
    default:
      return el("tr", { class: "fold" }, el("td", { colspan: 4 }, `… ${row.count} unchanged lines …`));
  }
}
