import type { KubeObject } from "../../../objects/kubeObject.ts";
import type { LifecycleVersion, ObjectLife } from "../../../trace/lifecycleLens.ts";
import { objectFate, type InspectedTrace } from "../../model/inspectedTrace.ts";
import { lifeHeading } from "../../../trace/lensText.ts";
import { el, type Child } from "./elementBuilder.ts";
import type { GoTo, LensPane } from "./traceLensPane.ts";
import { objectYaml } from "./objectYaml.ts";
import { reconcileFailure, reconcileUnfinished } from "./reconcileFailure.ts";

/** A unified diff's lines, coloured; the three file-header lines are left out (the version headings say it). */
export function unifiedDiff(diff: string): HTMLElement {
  const lines = diff.replace(/\n$/, "").split("\n").slice(3);
  return el(
    "pre",
    { class: "unified-diff", "data-testid": "version-diff" },
    ...lines.map((l) => el("span", { class: l.startsWith("@@") ? "hunk" : l.startsWith("+") ? "add" : l.startsWith("-") ? "del" : "" }, `${l}\n`)),
  );
}

function writerLine(trace: InspectedTrace, v: LifecycleVersion, go: GoTo): Child {
  const w = v.writer;
  if (!w.traced) {
    return el("span", { class: "muted", "data-testid": "writer" }, `not written by a traced client; first seen by ${w.firstSeenBy.controller} (${w.firstSeenBy.op}, event #${w.firstSeenBy.index})`);
  }
  const knew = w.reconcileId !== null && trace.write(w.eventId) !== undefined;
  return el(
    "span",
    { "data-testid": "writer" },
    "written by ",
    el("b", {}, w.controller),
    " ",
    el("span", { class: `verb ${w.op.toLowerCase()}` }, `${w.op}${w.subresource ? ` ${w.subresource}` : ""}`),
    ` event #${w.index}${w.reconcileId ? `, reconcile ${w.reconcileId}` : ", outside any reconcile"} `,
    ...(w.reconcileError !== undefined ? [reconcileFailure(w.reconcileError), " "] : []),
    ...(w.reconcileUnfinished ? [reconcileUnfinished(), " "] : []),
    knew ? el("button", { class: "small link", "data-testid": "to-knowledge", onclick: () => go("knowledge", w.eventId) }, "what it knew") : null,
  );
}

/**
 * The lifecycle lens: the trace's objects on the left; for the selected one, its versions oldest
 * first, each with who wrote it, a diff from the version before and the whole object on request.
 */
export const lifecycleLensPane: LensPane = {
  lens: "lifecycle",
  head: ["object", "versions", "written by"],
  empty: "The trace names no object.",
  items: (trace) =>
    trace.objects.map((o) => ({
      key: o.key,
      text: `${o.key} ${o.writers.join(" ")}`,
      cells: () => [
        el("td", { class: "mono", title: o.key }, o.key),
        el("td", { class: "num" }, o.versions),
        el("td", {}, [o.writers.join(", ") || "(outside the trace)", ...objectFate(o)].join(" · ")),
      ],
    })),
  detail: (trace, key, focus, go) => {
    const lc = trace.lifecycle(key);
    const count = lc.lives.reduce((n, life) => n + life.versions.length, 0);
    const recreated = lc.lives.length > 1;
    return [
      el("h2", {}, "Lifecycle of ", el("span", { class: "mono" }, lc.object)),
      el("p", { class: "muted" }, `${count} version(s) in resourceVersion order, each with a diff from the one before.`),
      recreated
        ? el("p", { "data-testid": "recreated" }, `Deleted and created again under the same name: ${lc.lives.length} lives, each a new object with its own uid; a version is compared only with the one before in its life.`)
        : null,
      ...lc.lives.flatMap((life, i) => lifeSection(trace, life, i, recreated, focus, go)),
    ];
  },
};

/** One life's versions and the deletes that ended it; headed when the object had more than one. */
function lifeSection(trace: InspectedTrace, life: ObjectLife, index: number, headed: boolean, focus: string | undefined, go: GoTo): Child[] {
  return [
    headed ? el("h3", { class: index === 0 ? "life" : "life recreated", "data-testid": "life", "data-uid": life.uid }, lifeHeading(life, index)) : null,
    ...life.versions.map((v, i) => {
      const value = trace.trace.objects.get(v.hash);
      return el(
        "article",
        { class: v.resourceVersion === focus ? "version focused" : "version", "data-testid": "version", "data-rv": v.resourceVersion },
        el("header", {}, el("b", { class: "mono" }, `rv ${v.resourceVersion}`), " ", writerLine(trace, v, go)),
        i === 0 ? el("p", { class: "muted" }, index === 0 ? "the first version the trace saw" : "the first version the trace saw of the recreated object") : v.diff === "" ? null : unifiedDiff(v.diff),
        value
          ? el("details", {}, el("summary", {}, "object at this version"), el("pre", { class: "yaml" }, objectYaml(value as KubeObject, { showServerFields: true })))
          : el("p", { class: "error-text" }, `the trace does not hold this version (${v.hash})`),
      );
    }),
    ...life.deletedBy.map((d) => el("p", { class: "deleted", "data-testid": "deleted" }, `deleted by ${d.controller} (event #${d.index})`)),
  ];
}
