import { isReportableError } from "../../../kameraError.ts";
import { parseDump } from "../../../results/dumpReader.ts";
import { looksLikeTraceText } from "../../../trace/traceSignature.ts";
import type { ExploreStats } from "../../../explore/exploreResult.ts";
import { DetailView } from "./detailView.ts";
import { DrillDown } from "./drillDown.ts";
import { DrillDownView } from "./drillDownView.ts";
import { downloadTest } from "./testDownload.ts";
import { DumpOpener } from "./dumpOpener.ts";
import { el, replaceChildren } from "./elementBuilder.ts";
import { InspectedRun, type RunSource } from "./inspectedRun.ts";
import { LiveExploration, type LiveUpdate } from "./liveExploration.ts";
import { OUTCOME_COLOURS, OUTCOME_LEGEND, type OutcomeClass } from "./outcomeColours.ts";
import { MAX_DRAWN_STATES, StateGraphView } from "./stateGraphView.ts";
import { StrategyComparisonPanel } from "./strategyComparisonPanel.ts";
import type { LiveSettings, ScenarioListing } from "./workerProtocol.ts";

/** Keys that work in the drill-down, shown in the status bar as the terminal inspector does. */
const KEYS_HELP = "↑↓ / j k move · Enter open · Esc back · g G first/last · / filter · click a node to select a state";

/** "1 state", "2 states". */
function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
}

/**
 * The browser inspector page: a toolbar (open a dump, run a bundled example live, stop), the
 * states → paths → steps → effects drill-down on the left, the state graph and the detail pane on
 * the right. One run is inspected at a time: a loaded dump, the result `kamera serve` serves, or
 * a live exploration as it grows.
 *
 * @example
 * ```ts
 * const app = new InspectorApp(document.getElementById("app")!);
 * app.loadDumpText(text, "run.dump.json");
 * ```
 */
export class InspectorApp {
  private readonly source = el("span", { class: "source", "data-testid": "source" }, "No result loaded");
  private readonly summary = el("div", { class: "summary", "data-testid": "summary" });
  private readonly errorBanner = el("div", { class: "error-banner", role: "alert", "data-testid": "error", hidden: true });
  private readonly progress = el("span", { class: "progress", "data-testid": "progress" });
  private readonly scenarioSelect = el("select", { "data-testid": "scenario", title: "Bundled example to explore in this page" });
  private readonly strategySelect = el(
    "select",
    { "data-testid": "strategy", title: "Search order (the example's own unless chosen)" },
    el("option", { value: "" }, "example's order"),
    el("option", { value: "dfs" }, "dfs"),
    el("option", { value: "bfs" }, "bfs"),
  );
  private readonly engineSelect = el(
    "select",
    { "data-testid": "engine", title: "Exploration core: the WebAssembly engine, or the pure-TypeScript reference" },
    el("option", { value: "wasm" }, "wasm"),
    el("option", { value: "reference" }, "reference"),
  );
  private readonly memoizeBox = el("input", { type: "checkbox", checked: true, "data-testid": "memoize" });
  private readonly memoizeLabel = el(
    "label",
    { title: "Reuse the outcome of a reconcile that would read exactly what an earlier run read (memoizeReconciles); off runs every reconcile" },
    this.memoizeBox,
    "reuse runs",
  );
  private readonly maxStatesInput = el("input", { type: "number", min: 1, placeholder: "max states", "data-testid": "max-states", title: "Stop after this many states (empty: no limit)" });
  private readonly runButton = el("button", { class: "primary", "data-testid": "run", disabled: true }, "Run");
  private readonly stopButton = el("button", { "data-testid": "stop", disabled: true }, "Stop");
  private readonly graphNote = el("span", { class: "graph-note", "data-testid": "graph-note" });
  private readonly statusBar = el("footer", { class: "status-bar", "data-testid": "status" }, KEYS_HELP);
  private readonly drillView: DrillDownView;
  private readonly detailView: DetailView;
  private readonly graphView: StateGraphView;
  private readonly live: LiveExploration;
  private readonly comparison = new StrategyComparisonPanel();
  private nav: DrillDown | undefined;
  /** A state picked in the graph that the states list does not show. */
  private pickedState: number | undefined;
  /** Whether live updates are shown (opening a dump during a run stops listening to it). */
  private liveShown = false;

  constructor(root: HTMLElement) {
    const overlay = el("div", { class: "drop-overlay", hidden: true }, "Drop a kamera dump to open it");
    const drill = el("section", { class: "drill", "aria-label": "drill-down" });
    const graphCanvas = el("div", { class: "graph-canvas", "data-testid": "graph" });
    const detail = el("section", { class: "detail", "data-testid": "detail", "aria-label": "detail" });
    const legend = el(
      "div",
      { class: "legend" },
      ...(Object.keys(OUTCOME_COLOURS) as OutcomeClass[]).map((k) =>
        el("span", { class: "legend-item" }, el("span", { class: "swatch", style: `background:${OUTCOME_COLOURS[k]}` }), OUTCOME_LEGEND[k]),
      ),
      this.graphNote,
      el("button", { class: "small", onclick: () => this.graphView.fit() }, "Fit"),
    );
    const opener = new DumpOpener(root, overlay, (text, name) => this.loadDumpText(text, name, "dump"), (m) => this.showError(m));

    replaceChildren(
      root,
      el(
        "header",
        { class: "toolbar" },
        el("h1", {}, "kamera"),
        this.source,
        el("span", { class: "spacer" }),
        opener.button,
        opener.input,
        el("span", { class: "group", "aria-label": "live exploration" }, "Explore live:", this.scenarioSelect, this.strategySelect, this.engineSelect, this.memoizeLabel, this.maxStatesInput, this.runButton, this.stopButton),
        this.comparison.controls,
        this.progress,
      ),
      this.errorBanner,
      this.comparison.panel,
      this.summary,
      el("main", { class: "layout" }, drill, el("section", { class: "graph" }, graphCanvas, legend), detail),
      this.statusBar,
      overlay,
    );

    this.drillView = new DrillDownView(
      drill,
      () => this.render(),
      (row) => {
        if (!this.nav) return;
        downloadTest(this.nav.run, row).catch((e: unknown) => this.showError(`cannot export a test of ${row.state.id}: ${e instanceof Error ? e.message : String(e)}`));
      },
    );
    this.detailView = new DetailView(detail, () => this.render());
    this.graphView = new StateGraphView(graphCanvas, (s) => this.pickState(s));
    this.live = new LiveExploration({
      ready: (list) => this.listScenarios(list),
      update: (u) => this.liveUpdate(u),
      failed: (message, detail) => {
        this.setRunning(false);
        this.liveShown = false;
        this.progress.textContent = "failed";
        this.progress.dataset.state = "failed";
        this.showError(message, detail);
      },
      compareProgress: (done, total, run) => {
        this.progress.textContent = `comparing: ${done} of ${total} runs`;
        this.comparison.progress(done, total, run);
      },
      compared: (comparison) => {
        this.setRunning(false);
        this.progress.textContent = `compared ${comparison.strategies.length} strategies on ${comparison.scenarios.length} bugs`;
        this.progress.dataset.state = "done";
        this.comparison.show(comparison);
      },
    });
    this.runButton.addEventListener("click", () => this.startLive());
    this.comparison.button.addEventListener("click", () => this.startComparison());
    this.stopButton.addEventListener("click", () => this.live.stop());
    document.addEventListener("keydown", (e) => this.onKey(e));
    this.showSummary(undefined);
    replaceChildren(detail, el("div", { class: "welcome" },
      el("h2", {}, "Inspect an exploration"),
      el("p", {}, "Open a dump (the button above, or drop the file on the page), or pick a bundled example and press Run to explore it here, in your browser."),
      el("p", { class: "muted" }, "Write a dump with: kamera explore <example> --dump-output run.dump.json"),
    ));
  }

  /** Loads a dump's text; problems with the file are shown in the error banner. */
  loadDumpText(text: string, name: string, kind: "dump" | "served"): boolean {
    if (looksLikeTraceText(text)) {
      // Parsed as a dump, a trace fails at its second line, which would not say what it is.
      this.showError(`${name} is a kamera trace, not a dump: open it with kamera trace ${name} --web (or kamera serve ${name})`);
      return false;
    }
    try {
      const decoded = parseDump(text, name);
      if (this.liveShown) {
        this.liveShown = false;
        this.live.stop();
        this.setRunning(false);
      }
      const scenario = decoded.scenario;
      const source: RunSource = { kind, title: typeof scenario.name === "string" ? `${scenario.name} (${name})` : name };
      if (typeof scenario.description === "string") source.description = scenario.description;
      const run = InspectedRun.of(decoded.graph, { complete: decoded.complete, stats: decoded.stats, counterexamples: decoded.counterexamples, warnings: decoded.warnings }, source);
      this.hideError();
      this.show(run, false);
      this.progress.textContent = decoded.complete ? "" : "partial result (the search was stopped)";
      return true;
    } catch (e) {
      if (isReportableError(e)) this.showError(e.message);
      else this.showError(`cannot open ${name}: ${e instanceof Error ? e.message : String(e)}`, e instanceof Error ? e.stack : undefined);
      return false;
    }
  }

  /** Shows an error above the results (a bad dump, a failed exploration). */
  showError(message: string, detail?: string): void {
    replaceChildren(this.errorBanner, el("strong", {}, "Error: "), message, detail ? el("details", {}, el("summary", {}, "details"), el("pre", {}, detail)) : null,
      el("button", { class: "small close", onclick: () => this.hideError() }, "×"));
    this.errorBanner.hidden = false;
  }

  private hideError(): void {
    this.errorBanner.hidden = true;
  }

  private show(run: InspectedRun, extendsDrawn: boolean): void {
    const previous = this.nav;
    this.nav = new DrillDown(run);
    if (extendsDrawn && previous) this.nav.carryOver(previous);
    else this.pickedState = undefined;
    this.source.textContent = `${run.source.kind === "live" ? "live: " : ""}${run.source.title}`;
    this.source.title = run.source.description ?? "";
    this.graphView.show(run, { extendsDrawn });
    this.graphNote.textContent =
      run.graph.stateCount() > MAX_DRAWN_STATES ? `drawing the first ${MAX_DRAWN_STATES.toLocaleString("en")} of ${run.graph.stateCount().toLocaleString("en")} states` : "";
    this.showSummary(run);
    this.render();
  }

  private showSummary(run: InspectedRun | undefined): void {
    if (!run) {
      replaceChildren(this.summary);
      return;
    }
    const r = run.result;
    const stats: ExploreStats = r.stats;
    const item = (key: string, label: string, value: string | number) =>
      el("span", { class: `count ${key}` }, el("b", { "data-count": key }, String(value)), ` ${label}`);
    replaceChildren(
      this.summary,
      item("states", run.graph.stateCount() === 1 ? "state" : "states", run.graph.stateCount()),
      item("transitions", run.graph.edgeCount() === 1 ? "transition" : "transitions", run.graph.edgeCount()),
      item("converged", "converged", r.convergedStates.length),
      item("aborted", "aborted", r.abortedStates.length),
      item("keeps-failing", "failing", (r.keepsFailing ?? []).length),
      item("non-converging", "non-converging", r.nonConverging.length),
      item("violations", r.violations.length === 1 ? "violation" : "violations", r.violations.length),
      item("complete", "", r.complete ? "complete" : "partial"),
      stats.engine !== "none" ? el("span", { class: "muted" }, ` engine ${stats.engine}, ${Math.round(stats.durationMs)} ms`) : null,
      // Folded, as the terminal's stats line counts them: a damaged trace can give hundreds.
      run.warnings.length > 0
        ? el("details", { class: "warnings", "data-testid": "warnings" }, el("summary", {}, count(run.warnings.length, "warning")), el("ul", {}, ...run.warnings.map((w) => el("li", {}, w))))
        : null,
    );
  }

  private render(): void {
    const nav = this.nav;
    if (!nav) return;
    this.drillView.render(nav);
    const p = nav.position();
    if (this.pickedState !== undefined) {
      this.detailView.renderState(nav.run, this.pickedState);
      this.graphView.highlight({ state: this.pickedState });
      return;
    }
    this.detailView.render(nav);
    const state = p.row?.index;
    this.graphView.highlight({ state, path: p.path, step: p.step });
    if (state !== undefined && nav.level === "states") this.graphView.reveal(state);
  }

  private pickState(state: number): void {
    const nav = this.nav;
    if (!nav) return;
    if (nav.showState(nav.run.graph.stateId(state))) this.pickedState = undefined;
    else this.pickedState = state;
    this.render();
  }

  private onKey(e: KeyboardEvent): void {
    const nav = this.nav;
    if (!nav || e.ctrlKey || e.metaKey || e.altKey) return;
    if (isTyping(e.target)) {
      if (e.key === "Escape" || e.key === "Enter") this.drillView.focusList();
      return;
    }
    const page = 10;
    const actions: Record<string, () => unknown> = {
      ArrowDown: () => nav.move(1),
      j: () => nav.move(1),
      ArrowUp: () => nav.move(-1),
      k: () => nav.move(-1),
      PageDown: () => nav.move(page),
      PageUp: () => nav.move(-page),
      g: () => nav.select(0),
      Home: () => nav.select(0),
      G: () => nav.select(nav.itemCount() - 1),
      End: () => nav.select(nav.itemCount() - 1),
      Enter: () => nav.open(),
      ArrowRight: () => nav.open(),
      Escape: () => (this.pickedState !== undefined ? (this.pickedState = undefined) : nav.back()),
      ArrowLeft: () => nav.back(),
      Backspace: () => nav.back(),
      "/": () => this.drillView.focusFilter(),
    };
    const action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    if (e.key !== "Escape") this.pickedState = undefined;
    action();
    this.render();
  }

  private listScenarios(list: ScenarioListing[]): void {
    replaceChildren(this.scenarioSelect, ...list.map((s) => el("option", { value: s.name, title: s.description }, s.name)));
    this.runButton.disabled = list.length === 0;
  }

  private settings(): LiveSettings | undefined {
    const settings: LiveSettings = {};
    const strategy = this.strategySelect.value;
    if (strategy === "dfs" || strategy === "bfs") settings.strategy = strategy;
    settings.engine = this.engineSelect.value === "reference" ? "reference" : "wasm";
    settings.memoizeReconciles = this.memoizeBox.checked;
    const max = this.maxStatesInput.value.trim();
    if (max !== "") {
      const n = Number(max);
      if (!Number.isInteger(n) || n < 1) {
        this.showError(`max states must be a whole number of at least 1, got "${max}"`);
        return undefined;
      }
      settings.maxStates = n;
    }
    return settings;
  }

  private startLive(): void {
    const scenario = this.scenarioSelect.value;
    const settings = this.settings();
    if (!scenario || !settings) return;
    this.hideError();
    this.nav = undefined;
    this.liveShown = true;
    this.setRunning(true);
    this.progress.textContent = `exploring ${scenario}…`;
    this.progress.dataset.state = "running";
    this.live.start(scenario, settings);
  }

  private startComparison(): void {
    let request;
    try {
      request = this.comparison.request();
    } catch (e) {
      this.showError(e instanceof Error ? e.message : String(e));
      return;
    }
    this.hideError();
    this.liveShown = false;
    this.setRunning(true);
    this.progress.textContent = "comparing strategies on the bug corpus…";
    this.progress.dataset.state = "running";
    this.live.compare(request);
  }

  private setRunning(running: boolean): void {
    this.comparison.button.disabled = running;
    this.runButton.disabled = running || this.scenarioSelect.options.length === 0;
    this.stopButton.disabled = !running;
    this.progress.classList.toggle("running", running);
  }

  private liveUpdate(u: LiveUpdate): void {
    if (!this.liveShown) return;
    const s = u.stats;
    const rate = s.statesPerSecond > 0 ? `, ${Math.round(s.statesPerSecond)} states/s` : "";
    if (u.running) {
      this.progress.textContent = `running: ${count(s.uniqueStates, "state")}, ${count(s.transitions, "transition")}, frontier ${s.frontierSize}, depth ${s.maxDepth}${rate}`;
    } else {
      const why = u.stopReason === "signal" ? "stopped" : u.stopReason ? `stopped (${u.stopReason})` : "done";
      this.progress.textContent = `${why}: ${count(s.uniqueStates, "state")} in ${Math.round(s.durationMs)} ms`;
      this.setRunning(false);
    }
    this.progress.dataset.state = u.running ? "running" : u.complete ? "done" : "stopped";
    this.show(u.run, this.nav !== undefined && this.nav.run.source.kind === "live");
  }
}
