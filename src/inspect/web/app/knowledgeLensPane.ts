import type { WriteKnowledge } from "../../../trace/knowledgeLens.ts";
import { el } from "./elementBuilder.ts";
import { reconcileFailure, reconcileUnfinished } from "./reconcileFailure.ts";
import type { LensPane } from "./traceLensPane.ts";

function writeText(w: WriteKnowledge): string {
  return `${w.op}${w.subresource ? ` ${w.subresource}` : ""} ${w.object}${w.error ? ` failed: ${w.error}` : w.resourceVersion ? `@${w.resourceVersion}` : ""}`;
}

/**
 * The knowledge lens: every write made in a traced reconcile on the left (those that acted on a
 * stale read flagged); for the selected one, each object version its reconcile had read, with the
 * newest version the server held at the write and the stale reads marked.
 */
export const knowledgeLensPane: LensPane = {
  lens: "knowledge",
  head: ["#", "controller", "write", "reads", "stale"],
  empty: "No writes in traced reconciles.",
  items: (trace) =>
    trace.writes.map((w) => {
      const stale = w.reads.filter((r) => r.stale).length;
      return {
        key: w.eventId,
        text: `#${w.index} ${w.controller} ${writeText(w)}${stale ? " stale" : ""}${w.reconcileError !== undefined ? " reconcile failed" : ""}${w.reconcileUnfinished ? " reconcile unfinished" : ""}`,
        flagged: stale > 0,
        cells: () => [
          el("td", { class: "num" }, w.index),
          el("td", {}, w.controller),
          el(
            "td",
            { class: "mono", title: writeText(w) },
            writeText(w),
            ...(w.reconcileError !== undefined ? [" ", el("span", { class: "badge violation", "data-testid": "failed-badge", title: w.reconcileError }, "reconcile failed")] : []),
            ...(w.reconcileUnfinished ? [" ", el("span", { class: "badge unfinished", "data-testid": "unfinished-badge", title: "the trace has no end record of the reconcile" }, "reconcile unfinished")] : []),
          ),
          el("td", { class: "num" }, w.reads.length),
          el("td", {}, stale ? el("span", { class: "badge violation", "data-testid": "stale-badge" }, `${stale} stale`) : ""),
        ],
      };
    }),
  detail: (trace, key, _focus, go) => {
    const w = trace.write(key);
    if (!w) return [el("p", { class: "error-text" }, `the trace has no write ${key} in a traced reconcile`)];
    const root = trace.rootOfEvent(w.eventId);
    const rec = trace.trace.reconciles.get(w.reconcileId);
    return [
      el("h2", {}, `#${w.index} `, el("span", { class: "mono" }, writeText(w))),
      el(
        "dl",
        { class: "facts" },
        el("dt", {}, "controller"),
        el("dd", {}, w.controller),
        el("dt", {}, "reconcile"),
        el("dd", {}, el("span", { class: "mono" }, `${w.reconcileId}${rec ? ` (${rec.namespace}/${rec.name})` : ""}`), ...(w.reconcileError !== undefined ? [" ", reconcileFailure(w.reconcileError)] : []), ...(w.reconcileUnfinished ? [" ", reconcileUnfinished()] : [])),
        el("dt", {}, "root"),
        el("dd", {}, root ? el("button", { class: "small link mono", onclick: () => go("provenance", root, w.eventId) }, root) : el("span", { class: "muted" }, "none")),
        el("dt", {}, "object"),
        el(
          "dd",
          {},
          trace.hasObject(w.object)
            ? el("button", { class: "small link mono", onclick: () => go("lifecycle", w.object, w.resourceVersion || undefined) }, w.object)
            : el("span", { class: "mono", title: "the trace never saw this object exist" }, `${w.object} (never existed in the trace)`),
        ),
      ),
      el("h3", {}, "What its reconcile had read before this write"),
      w.reads.length === 0
        ? el("p", { class: "muted" }, "Nothing: the reconcile read nothing before it wrote.")
        : el(
            "table",
            { class: "reads", "data-testid": "reads" },
            el("thead", {}, el("tr", {}, el("th", {}, "object"), el("th", {}, "read"), el("th", {}, "newest at the write"), el("th", {}, ""))),
            el(
              "tbody",
              {},
              ...w.reads.map((r) =>
                el(
                  "tr",
                  { class: r.stale ? "stale" : "", "data-testid": "read" },
                  el("td", {}, el("button", { class: "small link mono", onclick: () => go("lifecycle", r.object, r.resourceVersion) }, r.object)),
                  el("td", { class: "mono" }, r.resourceVersion),
                  el("td", { class: "mono" }, r.newestResourceVersion),
                  el("td", {}, r.stale ? el("span", { class: "badge violation" }, "STALE") : el("span", { class: "muted" }, "current")),
                ),
              ),
            ),
          ),
      el(
        "p",
        { class: "muted" },
        "A read is stale when the server already held a newer version of that object when the write happened (resourceVersions order every write of a cluster). Versions no traced client saw are unknown here.",
      ),
    ];
  },
};
