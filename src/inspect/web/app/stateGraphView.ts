import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import type { Path, Step } from "../../../explore/exploreResult.ts";
import type { InspectedRun } from "./inspectedRun.ts";
import { afterNextFrame, FrameSlicedWork } from "./frameSlicedWork.ts";
import { layeredLayout } from "./layeredLayout.ts";
import { OUTCOME_COLOURS } from "./outcomeColours.ts";

/** Layout units to pixels: room for an edge label between layers. */
const SPACING_X = 70;
const SPACING_Y = 110;
/** Rows wider than this many times the drawing's height get narrower spacing, down to touching nodes. */
const MAX_ASPECT = 3;
const MIN_SPACING_X = 24;
/**
 * Above this many edges, edges are drawn as straight "haystack" lines without labels, and nodes
 * without labels: cytoscape measures every label's text, which takes seconds on large graphs.
 * Edges of the highlighted path keep their reconciler labels.
 */
const MANY_EDGES = 1000;
/**
 * States drawn at most (the first ones found); the lists and the detail pane still cover every
 * state. Cytoscape redraws every element whenever anything changes (a slice added, a state
 * selected), at 10 to 15 µs an element without a GPU, and a state of a large graph comes with
 * three or four edges: measured in headless Chromium on a 2-core machine, 3,000 states (10,000
 * edges) redraw in about 0.2 s, 10,000 states (41,000 edges) in 0.5 to 0.8 s, every frame.
 */
export const MAX_DRAWN_STATES = 3_000;
/**
 * Elements are added in slices of at most this long, one slice per frame: cytoscape styles and
 * measures an element in tens of microseconds, so a large drawing added at once (a live run's
 * first, some 12,000 elements) held the page for seconds, Stop button included.
 */
const ADD_SLICE_MS = 50;
/** Elements per step (one `cy.add`): small enough that the slice's time check comes often. */
const DRAW_STEP = 250;

/** The class of a node: its outcome as the graph colours it. */
function nodeClass(run: InspectedRun, s: number): string {
  if (run.livelockStates.has(s)) return "livelock";
  if (run.failingStates.has(s)) return "failing";
  const o = run.graph.outcome(s);
  if (o.kind === "aborted") return o.reason === "invariant" ? "violation" : "aborted";
  return o.kind;
}

/**
 * The state graph drawn with cytoscape: states as nodes coloured by outcome, transitions as edges
 * labelled by reconciler, zoom and pan with the mouse, the selected path highlighted. Positions come
 * from `layeredLayout` (one row per depth) rather than a cytoscape layout, so thousands of states
 * lay out at once and a growing live graph keeps its shape.
 *
 * @example
 * ```ts
 * const view = new StateGraphView(container, (state) => nav.showState(run.graph.stateId(state)));
 * view.show(run);
 * view.highlightPath(path);
 * ```
 */
export class StateGraphView {
  private readonly cy: Core;
  private run: InspectedRun | undefined;
  /** States 0 … drawnStates - 1 are drawn. */
  private drawnStates = 0;
  /** Drawn nodes below this one are up to date with the last `show`. */
  private nextUpdate = 0;
  /** Edges below this index are drawn, or never will be (an end past the limit). */
  private nextEdge = 0;
  private drawnEdges = 0;
  private edgesBetween = new Map<string, number[]>();
  /** Class and position of each drawn node as last set, so updates touch only what changed. */
  private drawnClass: string[] = [];
  private drawnX = new Float64Array(0);
  private drawnY = new Float64Array(0);
  /** What the last `show` asked to draw: states below `limit` at these positions. */
  private target: { limit: number; x: Float64Array; y: Float64Array; classOf: (state: number) => string } | undefined;
  private manyEdges = false;
  /** Adds what `show` asked for in slices, so a large drawing never holds the page for long. */
  private readonly adding = new FrameSlicedWork(ADD_SLICE_MS, afterNextFrame, () => performance.now());
  /** The last highlight and reveal asked for: applied again once every element is drawn. */
  private selection: { state?: number; path?: Path; step?: Step } = {};
  private revealWhenDrawn: number | undefined;
  /** Elements carrying a highlight class. */
  private highlighted: cytoscape.CollectionReturnValue;

  constructor(
    private readonly container: HTMLElement,
    onTapState: (state: number) => void,
  ) {
    this.cy = cytoscape({
      container,
      layout: { name: "preset" },
      minZoom: 0.02,
      maxZoom: 4,
      // Interaction stays smooth on large graphs: draw a bitmap while panning or zooming.
      textureOnViewport: true,
      hideEdgesOnViewport: true,
      pixelRatio: 1,
      style: [
        {
          selector: "node",
          style: {
            width: 22,
            height: 22,
            "background-color": "#94a3b8",
            label: "data(label)",
            "font-size": 9,
            "text-valign": "bottom",
            "text-margin-y": 3,
            color: "#334155",
            "min-zoomed-font-size": 7,
          },
        },
        ...Object.entries(OUTCOME_COLOURS).map(([cls, colour]) => ({ selector: `node.${cls}`, style: { "background-color": colour } })),
        { selector: "node.many", style: { label: "" } },
        { selector: "node.initial", style: { shape: "round-rectangle", width: 30, height: 30, "border-width": 2, "border-color": "#0f172a" } },
        {
          selector: "edge",
          style: {
            width: 1.5,
            "line-color": "#cbd5e1",
            "target-arrow-color": "#cbd5e1",
            "target-arrow-shape": "triangle",
            "arrow-scale": 0.8,
            "curve-style": "bezier",
            label: "data(label)",
            "font-size": 8,
            color: "#64748b",
            "text-rotation": "autorotate",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.8,
            "min-zoomed-font-size": 7,
          },
        },
        { selector: "edge.many", style: { "curve-style": "haystack", "target-arrow-shape": "none", label: "" } },
        { selector: "node.on-path", style: { "border-width": 3, "border-color": "#f59e0b" } },
        { selector: "edge.on-path", style: { width: 4, "line-color": "#f59e0b", "target-arrow-color": "#f59e0b", "z-index": 10, color: "#92400e", label: "data(label)" } },
        { selector: "edge.current-step", style: { width: 6, "line-color": "#dc2626", "target-arrow-color": "#dc2626", "z-index": 11 } },
        { selector: "node.selected-state", style: { "border-width": 4, "border-color": "#2563eb", width: 32, height: 32 } },
      ],
    });
    this.highlighted = this.cy.collection();
    this.cy.on("tap", "node", (event) => onTapState(Number(event.target.data("state"))));
  }

  /**
   * Draws a run. A run that extends the one drawn (a live exploration growing) only adds the new
   * states and edges and updates the nodes whose position or outcome changed; any other run
   * replaces the drawing. The elements are changed in time-bounded slices, one per frame (see
   * ADD_SLICE_MS): the drawing may still be growing when this returns (the container's
   * data-nodes and data-edges say what is drawn so far), and a newer `show` takes over from there.
   */
  show(run: InspectedRun, opts: { extendsDrawn?: boolean } = {}): void {
    const g = run.graph;
    const extend = opts.extendsDrawn === true && this.run !== undefined && g.stateCount() >= this.drawnStates && g.edgeCount() >= this.nextEdge;
    this.adding.cancel();
    this.run = run;
    const limit = Math.min(g.stateCount(), MAX_DRAWN_STATES);
    const drawable: number[] = [];
    for (let e = 0; e < g.edgeCount(); e++) {
      const [from, to] = g.edge(e);
      if (from < limit && to < limit) drawable.push(e);
    }
    const positions = layeredLayout({
      stateCount: limit,
      depth: (s) => g.depth(s),
      edgeCount: drawable.length,
      edge: (i) => g.edge(drawable[i]!),
    });
    const many = drawable.length > MANY_EDGES;
    // Wide, shallow graphs (many independent interleavings) would draw as a thin line when fitted.
    const spacingX = Math.max(MIN_SPACING_X, Math.min(SPACING_X, (MAX_ASPECT * positions.layers * SPACING_Y) / Math.max(1, positions.width)));
    const classOf = (st: number) => `${nodeClass(run, st)}${st === 0 ? " initial" : ""}${many ? " many" : ""}`;
    const x = positions.x.map((px) => px * spacingX);
    const y = positions.y.map((py) => py * SPACING_Y);
    this.target = { limit, x, y, classOf };
    if (!extend) {
      this.cy.elements().remove();
      this.drawnStates = 0;
      this.nextEdge = 0;
      this.drawnEdges = 0;
      this.edgesBetween = new Map();
      this.drawnClass = [];
      this.drawnX = new Float64Array(limit);
      this.drawnY = new Float64Array(limit);
      this.manyEdges = false;
      this.highlighted = this.cy.collection();
      this.selection = {};
      this.revealWhenDrawn = undefined;
    } else if (this.drawnX.length < limit) {
      const grownX = new Float64Array(limit);
      const grownY = new Float64Array(limit);
      grownX.set(this.drawnX.subarray(0, this.drawnStates));
      grownY.set(this.drawnY.subarray(0, this.drawnStates));
      this.drawnX = grownX;
      this.drawnY = grownY;
    }
    // At most MANY_EDGES edges are drawn when this first flips: a small restyle.
    if (many !== this.manyEdges) {
      this.cy.edges().toggleClass("many", many);
      this.manyEdges = many;
    }
    this.nextUpdate = 0;
    // Fitted to the whole drawing asked for, so the slices still to come land in view.
    if (!extend) this.fit();
    this.container.dataset.capped = String(g.stateCount() > limit);
    this.adding.start(
      () => this.drawStep(),
      () => this.drawn(),
    );
  }

  /**
   * One step of the drawing `show` asked for; false when nothing is left. Drawn nodes are updated
   * first, then the new states added, then the new edges (so that their ends exist).
   */
  private drawStep(): boolean {
    if (this.nextUpdate < this.drawnStates) this.updateDrawnNodes();
    else this.addElements();
    // What is drawn now, as attributes: a page's tests and scripts can read them without the renderer.
    this.container.dataset.nodes = String(this.drawnStates);
    this.container.dataset.edges = String(this.drawnEdges);
    return this.nextUpdate < this.drawnStates || this.drawnStates < this.target!.limit || this.nextEdge < this.run!.graph.edgeCount();
  }

  /**
   * Moves and recolours up to DRAW_STEP drawn nodes whose position or outcome changed. Only what
   * changed is touched: per-element updates are what costs in cytoscape, not the number of elements.
   */
  private updateDrawnNodes(): void {
    const { x, y, classOf } = this.target!;
    const touched = this.cy.collection();
    this.cy.batch(() => {
      for (; this.nextUpdate < this.drawnStates && touched.length < DRAW_STEP; this.nextUpdate++) {
        const st = this.nextUpdate;
        const cls = classOf(st);
        const moved = this.drawnX[st] !== x[st] || this.drawnY[st] !== y[st];
        if (!moved && this.drawnClass[st] === cls) continue;
        const node = this.cy.getElementById(`s${st}`);
        if (moved) {
          node.position({ x: x[st]!, y: y[st]! });
          this.drawnX[st] = x[st]!;
          this.drawnY[st] = y[st]!;
          touched.merge(node.connectedEdges());
        }
        if (this.drawnClass[st] !== cls) {
          // Not `classes(cls)`: that would drop a highlight set since this drawing began.
          node.removeClass(this.drawnClass[st]!).addClass(cls);
          this.drawnClass[st] = cls;
        }
        touched.merge(node);
      }
    });
    // Cytoscape restyles and re-measures changed elements lazily, in the next frame; measuring
    // here makes that work part of this step, where the slice's time budget counts it.
    if (touched.nonempty()) touched.boundingBox();
  }

  /** Adds up to DRAW_STEP new elements: states first, then edges. */
  private addElements(): void {
    const run = this.run!;
    const { limit, x, y, classOf } = this.target!;
    const g = run.graph;
    const added: ElementDefinition[] = [];
    for (let st = this.drawnStates; st < limit && added.length < DRAW_STEP; st++) {
      const cls = classOf(st);
      this.drawnClass[st] = cls;
      this.drawnX[st] = x[st]!;
      this.drawnY[st] = y[st]!;
      added.push({ group: "nodes", data: { id: `s${st}`, state: st, label: g.stateId(st).slice(0, 6) }, position: { x: x[st]!, y: y[st]! }, classes: cls });
    }
    const states = added.length;
    this.drawnStates += states;
    if (this.drawnStates === limit) {
      // States are numbered in the order found, so a state past the limit stays undrawn: so do its edges.
      for (; this.nextEdge < g.edgeCount() && added.length < DRAW_STEP; this.nextEdge++) {
        const e = this.nextEdge;
        const [from, to, stepId] = g.edge(e);
        if (from >= limit || to >= limit) continue;
        added.push({ group: "edges", data: { id: `e${e}`, source: `s${from}`, target: `s${to}`, label: g.step(stepId).reconcilerId }, classes: this.manyEdges ? "many" : "" });
        const key = `${from}>${to}`;
        const list = this.edgesBetween.get(key);
        if (list) list.push(e);
        else this.edgesBetween.set(key, [e]);
      }
    }
    this.drawnEdges += added.length - states;
    // As for updates: the new elements are styled and measured now rather than in the next frame.
    if (added.length > 0) this.cy.add(added).boundingBox();
  }

  /** Everything asked for is drawn: what was highlighted or revealed before it was, is now. */
  private drawn(): void {
    this.highlight(this.selection);
    if (this.revealWhenDrawn !== undefined) this.reveal(this.revealWhenDrawn);
  }

  /**
   * Zooms to show the whole graph. Computed from node positions rather than with `cy.fit`, which
   * measures every label's text and takes seconds on thousands of labelled edges.
   */
  fit(): void {
    if (!this.target || this.target.limit === 0) return;
    const { limit: n, x, y } = this.target;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let st = 0; st < n; st++) {
      minX = Math.min(minX, x[st]!);
      maxX = Math.max(maxX, x[st]!);
      minY = Math.min(minY, y[st]!);
      maxY = Math.max(maxY, y[st]!);
    }
    const margin = 40;
    const w = Math.max(1, this.cy.width() - 2 * margin);
    const h = Math.max(1, this.cy.height() - 2 * margin);
    const zoom = Math.max(this.cy.minZoom(), Math.min(1.5, w / Math.max(1, maxX - minX), h / Math.max(1, maxY - minY)));
    this.cy.viewport({
      zoom,
      pan: { x: this.cy.width() / 2 - ((minX + maxX) / 2) * zoom, y: this.cy.height() / 2 - ((minY + maxY) / 2) * zoom },
    });
  }

  /**
   * Highlights a path (its states and transitions), the step being looked at, and the selected
   * state; undefined clears each.
   */
  highlight(selection: { state?: number; path?: Path; step?: Step }): void {
    this.selection = selection;
    const run = this.run;
    if (!run) return;
    this.cy.batch(() => {
      // Only the elements highlighted last time need clearing (clearing all is slow on large graphs).
      this.highlighted.removeClass("on-path current-step selected-state");
      this.highlighted = this.cy.collection();
      if (selection.path) {
        for (const step of selection.path) {
          const edge = this.edgeOf(step);
          if (edge !== undefined) this.mark(`e${edge}`, "on-path");
          for (const id of [step.stateBefore, step.stateAfter]) {
            const s = run.indexOf(id);
            if (s !== undefined) this.mark(`s${s}`, "on-path");
          }
        }
      }
      if (selection.step) {
        const edge = this.edgeOf(selection.step);
        if (edge !== undefined) this.mark(`e${edge}`, "current-step");
      }
      if (selection.state !== undefined) this.mark(`s${selection.state}`, "selected-state");
    });
    this.container.dataset.pathEdges = String(this.highlighted.edges(".on-path").length);
  }

  private mark(id: string, cls: string): void {
    const element = this.cy.getElementById(id);
    if (element.empty()) return;
    element.addClass(cls);
    this.highlighted = this.highlighted.union(element);
  }

  /** Brings a state into view without changing the zoom (once it is drawn, if it is not yet). */
  reveal(state: number): void {
    const node = this.cy.getElementById(`s${state}`);
    this.revealWhenDrawn = node.empty() && this.adding.pending ? state : undefined;
    if (node.empty()) return;
    const bb = node.renderedBoundingBox();
    if (bb.x2 < 0 || bb.x1 > this.cy.width() || bb.y2 < 0 || bb.y1 > this.cy.height()) this.cy.center(node);
  }

  /** The edge a path step went along: same endpoints, same reconcile. */
  private edgeOf(step: Step): number | undefined {
    const run = this.run!;
    const from = run.indexOf(step.stateBefore);
    const to = run.indexOf(step.stateAfter);
    if (from === undefined || to === undefined) return undefined;
    const candidates = this.edgesBetween.get(`${from}>${to}`) ?? [];
    return candidates.find((e) => {
      const rec = run.graph.step(run.graph.edge(e)[2]);
      return rec.reconcilerId === step.reconcilerId && rec.request.namespace === step.request.namespace && rec.request.name === step.request.name;
    }) ?? candidates[0];
  }

  /** Releases the renderer. */
  destroy(): void {
    this.adding.cancel();
    this.cy.destroy();
  }
}
