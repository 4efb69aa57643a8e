import type { ProvenanceReconcile, ProvenanceWrite } from "../../../trace/provenanceLens.ts";
import type { InspectedTrace } from "../../model/inspectedTrace.ts";
import { el } from "./elementBuilder.ts";
import { reconcileFailure, reconcileUnfinished } from "./reconcileFailure.ts";
import type { GoTo, LensPane } from "./traceLensPane.ts";

function writeNode(trace: InspectedTrace, w: ProvenanceWrite, focus: string | undefined, go: GoTo): HTMLElement {
  const rv = w.error ? ` failed: ${w.error}` : w.resourceVersion ? `@${w.resourceVersion}` : "";
  return el(
    "li",
    { class: w.eventId === focus ? "write focused" : "write", "data-testid": "tree-write", "data-event": w.eventId },
    el("span", { class: `verb ${w.op.toLowerCase()}` }, `${w.op}${w.subresource ? ` ${w.subresource}` : ""}`),
    " ",
    el("span", { class: w.error ? "mono error-text" : "mono" }, `${w.object}${rv}`),
    el("span", { class: "muted" }, ` event #${w.index} `),
    // A failed write may name an object the trace never saw exist: it has no lifecycle to link to.
    trace.hasObject(w.object) ? el("button", { class: "small link", onclick: () => go("lifecycle", w.object, w.resourceVersion || undefined) }, "lifecycle") : null,
    trace.write(w.eventId) ? el("button", { class: "small link", onclick: () => go("knowledge", w.eventId) }, "what it knew") : null,
    w.caused.length > 0 ? el("ul", { class: "tree" }, ...w.caused.map((r) => reconcileNode(trace, r, focus, go))) : null,
  );
}

function reconcileNode(trace: InspectedTrace, r: ProvenanceReconcile, focus: string | undefined, go: GoTo): HTMLElement {
  return el(
    "li",
    { class: "reconcile", "data-testid": "tree-reconcile", "data-reconcile": r.reconcileId },
    el("b", {}, r.controller),
    ` reconciles ${r.request} `,
    el("span", { class: "muted mono" }, `[${r.reconcileId}]`),
    el("span", { class: "muted" }, " after reading "),
    el("span", { class: "mono" }, `${r.triggeredBy.object}@${r.triggeredBy.resourceVersion}`),
    ...(r.error !== undefined ? [" ", reconcileFailure(r.error)] : []),
    ...(r.unfinished ? [" ", reconcileUnfinished()] : []),
    r.writes.length > 0
      ? el("ul", { class: "tree" }, ...r.writes.map((w) => writeNode(trace, w, focus, go)))
      : el("ul", { class: "tree" }, el("li", { class: "muted" }, "wrote nothing")),
  );
}

/**
 * The provenance lens: the trace's causal roots on the left; for the selected one, the tree of
 * reconciles it caused, each with its writes, and under each write the reconciles that read what
 * it wrote. Writes link to their object's lifecycle and to what their reconcile knew.
 */
export const provenanceLensPane: LensPane = {
  lens: "provenance",
  head: ["root", "origin", "reconciles", "writes"],
  empty: "No causal roots: no traced reconcile read anything.",
  items: (trace) =>
    trace.roots.map((r) => ({
      key: r.rootId,
      text: `${r.rootId} ${r.origin ?? ""}${r.failed > 0 ? " failed" : ""}${r.unfinished > 0 ? " unfinished" : ""}`,
      cells: () => [
        el("td", { class: "mono", title: r.rootId }, r.rootId),
        el("td", { class: "mono", title: r.origin ?? "" }, r.origin ?? "(not in the trace)"),
        el(
          "td",
          { class: "num" },
          r.reconciles,
          ...(r.failed > 0 ? [" ", el("span", { class: "badge violation", "data-testid": "failed-badge" }, `${r.failed} failed`)] : []),
          ...(r.unfinished > 0 ? [" ", el("span", { class: "badge unfinished", "data-testid": "unfinished-badge" }, `${r.unfinished} unfinished`)] : []),
        ),
        el("td", { class: "num" }, r.writes),
      ],
    })),
  detail: (trace, key, focus, go) => {
    const tree = trace.tree(key);
    if (!tree) return [el("p", { class: "error-text" }, `the trace has no root ${key}`)];
    const origin = tree.origin;
    return [
      el("h2", {}, "Caused by root ", el("span", { class: "mono" }, tree.rootId)),
      origin
        ? el(
            "p",
            { "data-testid": "origin" },
            "an outside write (kubectl, an untraced client) of ",
            el("span", { class: "mono" }, `${origin.object}@${origin.resourceVersion}`),
            " ",
            el("button", { class: "small link", onclick: () => go("lifecycle", origin.object, origin.resourceVersion) }, "lifecycle"),
          )
        : el("p", { class: "muted" }, "The write this root names is not in the trace (a root label set elsewhere)."),
      el("ul", { class: "tree root", "data-testid": "provenance-tree" }, ...tree.reconciles.map((r) => reconcileNode(trace, r, focus, go))),
    ];
  },
};
