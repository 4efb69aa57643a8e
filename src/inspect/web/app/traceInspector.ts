import { isReportableError } from "../../../kameraError.ts";
import { parseTrace } from "../../../trace/traceParser.ts";
import { InspectedTrace, TRACE_LENSES, type TraceLens } from "../../model/inspectedTrace.ts";
import { fragmentOfPlace, placeOfFragment, type TracePlace } from "../../model/tracePlace.ts";
import { DumpOpener } from "./dumpOpener.ts";
import { el, replaceChildren, type Child } from "./elementBuilder.ts";
import { knowledgeLensPane } from "./knowledgeLensPane.ts";
import { lifecycleLensPane } from "./lifecycleLensPane.ts";
import { provenanceLensPane } from "./provenanceLensPane.ts";
import type { LensItem, LensPane } from "./traceLensPane.ts";
import "./traceInspector.css";

const PANES: Record<TraceLens, LensPane> = { lifecycle: lifecycleLensPane, provenance: provenanceLensPane, knowledge: knowledgeLensPane };

/** Rows drawn at most per list; the filter narrows longer ones. */
const MAX_ROWS = 500;

const KEYS_HELP = "1 2 3 lens · ↑↓ / j k move · PgUp PgDn · g G first/last · / filter · s stale writes only · links follow a write, an object or a root; Back returns";

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
}

/**
 * The browser inspector's page for a trace: the three lenses of `kamera trace` as tabs, each a
 * list on the left (objects, causal roots, writes) and the selected item's detail on the right,
 * with links between them (a write to what its reconcile knew, a version to the write that made
 * it, a root to its tree). Where the page is lives in the URL's fragment, so Back returns from a
 * link and a reload keeps the place. Lines the reader skipped are listed with their numbers.
 *
 * @example
 * ```ts
 * const page = new TraceInspector(document.getElementById("app")!);
 * page.load(text, "trace.jsonl");
 * ```
 */
export class TraceInspector {
  private readonly source = el("span", { class: "source", "data-testid": "source" }, "No trace loaded");
  private readonly tabs = el("nav", { class: "lens-tabs", role: "tablist", "aria-label": "lenses" });
  private readonly summary = el("div", { class: "summary", "data-testid": "trace-summary" });
  private readonly errorBanner = el("div", { class: "error-banner", role: "alert", "data-testid": "error", hidden: true });
  private readonly problems = el("details", { class: "trace-problems", "data-testid": "trace-problems", hidden: true });
  private readonly filter = el("input", { type: "search", class: "filter", placeholder: "Filter  ( / )", "data-testid": "trace-filter" });
  private readonly staleBox = el("input", { type: "checkbox", "data-testid": "stale-only" });
  private readonly staleLabel = el("label", { class: "stale-only", title: "Only writes whose reconcile had read a stale version (key s)" }, this.staleBox, "only writes on stale reads");
  private readonly list = el("div", { class: "list", tabindex: 0, "data-testid": "trace-list" });
  private readonly detail = el("section", { class: "detail trace-detail", "data-testid": "trace-detail", "aria-label": "detail" });
  private trace: InspectedTrace | undefined;
  private items = new Map<TraceLens, LensItem[]>();
  private place: TracePlace = { lens: "lifecycle" };
  private readonly selected = new Map<TraceLens, string>();
  private readonly filters = new Map<TraceLens, string>();

  constructor(root: HTMLElement) {
    const overlay = el("div", { class: "drop-overlay", hidden: true }, "Drop a kamera trace to open it");
    const opener = new DumpOpener(root, overlay, (text, name) => this.load(text, name), (m) => this.showError(m));
    opener.button.textContent = "Open trace…";
    opener.button.title = "Open a trace recorded with traceClient/traceReconciler (or drop one on the page)";
    opener.input.accept = ".jsonl,.ndjson,.json,.txt,application/x-ndjson,application/json,text/plain";
    opener.input.setAttribute("data-testid", "trace-input");
    replaceChildren(
      root,
      el("header", { class: "toolbar" }, el("h1", {}, "kamera"), el("span", { class: "muted" }, "trace"), this.source, this.tabs, el("span", { class: "spacer" }), opener.button, opener.input),
      this.errorBanner,
      this.summary,
      this.problems,
      el("main", { class: "trace-layout" }, el("section", { class: "trace-list", "aria-label": "list" }, el("div", { class: "list-tools" }, this.filter, this.staleLabel), this.list), this.detail),
      el("footer", { class: "status-bar", "data-testid": "status" }, KEYS_HELP),
      overlay,
    );
    this.filter.addEventListener("input", () => {
      this.filters.set(this.place.lens, this.filter.value);
      this.render();
    });
    this.staleBox.addEventListener("change", () => this.render());
    document.addEventListener("keydown", (e) => this.onKey(e));
    window.addEventListener("popstate", () => {
      this.place = placeOfFragment(location.hash);
      this.render();
    });
    replaceChildren(this.detail, el("div", { class: "welcome" }, el("h2", {}, "Inspect a trace"), el("p", {}, "Open a trace (the button above, or drop the file on the page).")));
  }

  /** Opens a trace's text; a text that is no trace, or of another format version, is shown as an error. */
  load(text: string, name: string): boolean {
    let inspected: InspectedTrace;
    try {
      inspected = new InspectedTrace(parseTrace(text, name), name);
    } catch (e) {
      if (isReportableError(e)) this.showError(e.message);
      else this.showError(`cannot open ${name}: ${e instanceof Error ? e.message : String(e)}`, e instanceof Error ? e.stack : undefined);
      return false;
    }
    // The served trace opens where the URL says; a trace opened later starts at the top of the lens shown.
    const first = this.trace === undefined;
    this.trace = inspected;
    this.items = new Map(TRACE_LENSES.map((l) => [l, PANES[l].items(inspected)]));
    this.selected.clear();
    this.filters.clear();
    this.hideError();
    this.source.textContent = name;
    this.summary.textContent = inspected.summary();
    const problems = inspected.trace.problems;
    this.problems.hidden = problems.length === 0;
    replaceChildren(
      this.problems,
      el("summary", {}, `${problems.length} line(s) of ${name} skipped: the rest of the trace was read`),
      el("ul", { class: "plain mono" }, ...problems.map((p) => el("li", {}, `line ${p.line}: ${p.message}`))),
    );
    this.place = first ? placeOfFragment(location.hash) : { lens: this.place.lens };
    if (!first) history.replaceState(null, "", fragmentOfPlace(this.place));
    this.render();
    return true;
  }

  /** Shows an error above the lenses. */
  showError(message: string, detail?: string): void {
    replaceChildren(this.errorBanner, el("strong", {}, "Error: "), message, detail ? el("details", {}, el("summary", {}, "details"), el("pre", {}, detail)) : null,
      el("button", { class: "small close", onclick: () => this.hideError() }, "×"));
    this.errorBanner.hidden = false;
  }

  private hideError(): void {
    this.errorBanner.hidden = true;
  }

  /** The current lens's items that pass its filter (and, on knowledge, the stale-only box). */
  private visibleItems(): LensItem[] {
    const lens = this.place.lens;
    const needle = (this.filters.get(lens) ?? "").trim().toLowerCase();
    const staleOnly = lens === "knowledge" && this.staleBox.checked;
    return (this.items.get(lens) ?? []).filter((i) => (!staleOnly || i.flagged) && (needle === "" || i.text.toLowerCase().includes(needle)));
  }

  /** Follows a link: another lens and item, remembered in the history so Back returns. */
  private go(lens: TraceLens, item: string, focus?: string): void {
    this.filters.delete(lens);
    if (lens === "knowledge") this.staleBox.checked = false;
    this.place = { lens, item, ...(focus !== undefined ? { focus } : {}) };
    history.pushState(null, "", fragmentOfPlace(this.place));
    this.render();
    this.detail.querySelector(".focused")?.scrollIntoView({ block: "nearest" });
  }

  /** Moves within the list: the place is replaced, not added to the history. */
  private moveTo(item: string | undefined): void {
    if (item === undefined) return;
    this.place = { lens: this.place.lens, item };
    history.replaceState(null, "", fragmentOfPlace(this.place));
    this.render();
  }

  private switchLens(lens: TraceLens): void {
    const item = this.selected.get(lens);
    this.place = { lens, ...(item !== undefined ? { item } : {}) };
    history.replaceState(null, "", fragmentOfPlace(this.place));
    this.render();
  }

  private render(): void {
    const lens = this.place.lens;
    replaceChildren(
      this.tabs,
      ...TRACE_LENSES.map((l, i) =>
        el("button", { class: l === lens ? "tab current" : "tab", role: "tab", "aria-selected": l === lens ? "true" : "false", "data-testid": `lens-${l}`, onclick: () => this.switchLens(l) }, `${i + 1} ${l}`),
      ),
    );
    const trace = this.trace;
    if (!trace) return;
    const pane = PANES[lens];
    this.staleLabel.hidden = lens !== "knowledge";
    const filterText = this.filters.get(lens) ?? "";
    if (this.filter.value !== filterText) this.filter.value = filterText;
    const items = this.visibleItems();
    const all = this.items.get(lens) ?? [];
    if (this.place.item === undefined || !all.some((i) => i.key === this.place.item)) {
      if (this.place.item !== undefined && lens !== "lifecycle") this.showError(`the trace has no ${lens === "provenance" ? "root" : "write"} ${this.place.item}`);
      const item = this.place.item !== undefined && lens === "lifecycle" ? this.resolveObject(this.place.item) : items[0]?.key;
      this.place = { lens, ...(item !== undefined ? { item } : {}) };
    }
    const key = this.place.item;
    if (key !== undefined) this.selected.set(lens, key);
    this.list.dataset.lens = lens;
    this.drawList(pane, items, key);
    this.list.querySelector("tr.selected")?.scrollIntoView({ block: "nearest" });
    if (key === undefined) {
      replaceChildren(this.detail, el("p", { class: "muted" }, pane.empty));
      return;
    }
    let detail: Child[];
    try {
      detail = pane.detail(trace, key, this.place.focus, (l, k, f) => this.go(l, k, f));
    } catch (e) {
      detail = [el("p", { class: "error-text" }, isReportableError(e) ? e.message : String(e))];
    }
    replaceChildren(this.detail, ...detail);
    this.detail.dataset.lens = lens;
  }

  /** A lifecycle item named by a `kind/namespace/name` spec (a link or a URL may use one). */
  private resolveObject(spec: string): string | undefined {
    try {
      return this.trace?.lifecycle(spec).object;
    } catch (e) {
      this.showError(isReportableError(e) ? e.message : String(e));
      return this.visibleItems()[0]?.key;
    }
  }

  private drawList(pane: LensPane, items: LensItem[], selectedKey: string | undefined): void {
    const selected = items.findIndex((i) => i.key === selectedKey);
    const shown = Math.min(items.length, MAX_ROWS);
    const indices = [...Array(shown).keys()];
    if (selected >= shown) indices.push(selected);
    const body = el(
      "tbody",
      {},
      ...indices.map((i) => {
        const item = items[i]!;
        return el(
          "tr",
          { class: [i === selected ? "selected" : "", item.flagged ? "flagged" : ""].join(" ").trim(), "data-key": item.key, onclick: () => this.moveTo(item.key) },
          ...item.cells(),
        );
      }),
    );
    replaceChildren(
      this.list,
      el("table", { "data-testid": `${pane.lens}-table` }, el("thead", {}, el("tr", {}, ...pane.head.map((h) => el("th", {}, h)))), body),
      items.length > shown ? el("p", { class: "more" }, `${items.length - shown} more not shown: filter to narrow the list`) : null,
      items.length === 0 ? el("p", { class: "empty" }, (this.items.get(pane.lens) ?? []).length === 0 ? pane.empty : "Nothing matches the filter.") : null,
    );
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.trace || e.ctrlKey || e.metaKey || e.altKey) return;
    if (isTyping(e.target)) {
      if (e.key === "Escape" || e.key === "Enter") this.list.focus();
      return;
    }
    const items = this.visibleItems();
    const at = items.findIndex((i) => i.key === this.place.item);
    const moveBy = (n: number) => this.moveTo(items[Math.max(0, Math.min(items.length - 1, (at < 0 ? 0 : at) + n))]?.key);
    const actions: Record<string, () => void> = {
      "1": () => this.switchLens("lifecycle"),
      "2": () => this.switchLens("provenance"),
      "3": () => this.switchLens("knowledge"),
      ArrowDown: () => moveBy(1),
      j: () => moveBy(1),
      ArrowUp: () => moveBy(-1),
      k: () => moveBy(-1),
      PageDown: () => moveBy(10),
      PageUp: () => moveBy(-10),
      g: () => this.moveTo(items[0]?.key),
      Home: () => this.moveTo(items[0]?.key),
      G: () => this.moveTo(items[items.length - 1]?.key),
      End: () => this.moveTo(items[items.length - 1]?.key),
      s: () => {
        if (this.place.lens !== "knowledge") return;
        this.staleBox.checked = !this.staleBox.checked;
        this.render();
      },
      "/": () => {
        this.filter.focus();
        this.filter.select();
      },
    };
    const action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }
}
