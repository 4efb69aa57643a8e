import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import type { Path, Step } from "../../../results/exploreResult.ts";
import type { InspectedRun } from "./inspectedRun.ts";
import { layeredLayout } from "./layeredLayout.ts";
import { OUTCOME_COLOURS } from "./outcomeColours.ts";

/** Layout units to pixels: room for an edge label between layers. */
const SPACING_X = 70;
const SPACING_Y = 110;
/** Above this many edges, edges are drawn as straight "haystack" lines, which cytoscape draws much faster. */
const MANY_EDGES = 3000;

/** The class of a node: its outcome as the graph colours it. */
function nodeClass(run: InspectedRun, s: number): string {
  if (run.livelockStates.has(s)) return "livelock";
  const o = run.graph.outcome(s);
  if (o.kind === "aborted") return o.reason === "invariant" ? "violation" : "aborted";
  return o.kind;
}

/**
 * The state graph drawn with cytoscape: states as nodes coloured by outcome, transitions as edges
 * labelled by reconciler, zoom and pan with the mouse, the selected path highlighted. Positions come
 * from `layeredLayout` (one row per depth) rather than a cytoscape layout, so thousands of states
 * draw at once and a growing live graph keeps its shape.
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
  private drawnStates = 0;
  private drawnEdges = 0;
  private edgesBetween = new Map<string, number[]>();

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
        { selector: "edge.many", style: { "curve-style": "haystack", "target-arrow-shape": "none" } },
        { selector: "node.on-path", style: { "border-width": 3, "border-color": "#f59e0b" } },
        { selector: "edge.on-path", style: { width: 4, "line-color": "#f59e0b", "target-arrow-color": "#f59e0b", "z-index": 10, color: "#92400e" } },
        { selector: "edge.current-step", style: { width: 6, "line-color": "#dc2626", "target-arrow-color": "#dc2626", "z-index": 11 } },
        { selector: "node.selected-state", style: { "border-width": 4, "border-color": "#2563eb", width: 32, height: 32 } },
      ],
    });
    this.cy.on("tap", "node", (event) => onTapState(Number(event.target.data("state"))));
  }

  /**
   * Draws a run. A run that extends the one drawn (a live exploration growing) only adds the new
   * states and edges; any other run replaces the drawing.
   */
  show(run: InspectedRun, opts: { extendsDrawn?: boolean } = {}): void {
    const g = run.graph;
    const extend = opts.extendsDrawn === true && this.run !== undefined && g.stateCount() >= this.drawnStates && g.edgeCount() >= this.drawnEdges;
    const first = this.run === undefined || !extend;
    this.run = run;
    const positions = layeredLayout({
      stateCount: g.stateCount(),
      depth: (s) => g.depth(s),
      edgeCount: g.edgeCount(),
      edge: (e) => g.edge(e),
    });
    const many = g.edgeCount() > MANY_EDGES;
    this.cy.batch(() => {
      if (!extend) {
        this.cy.elements().remove();
        this.drawnStates = 0;
        this.drawnEdges = 0;
        this.edgesBetween = new Map();
      }
      const added: ElementDefinition[] = [];
      for (let s = this.drawnStates; s < g.stateCount(); s++) {
        added.push({
          group: "nodes",
          data: { id: `s${s}`, state: s, label: g.stateId(s).slice(0, 6) },
          position: { x: positions.x[s]! * SPACING_X, y: positions.y[s]! * SPACING_Y },
        });
      }
      for (let e = this.drawnEdges; e < g.edgeCount(); e++) {
        const [from, to, stepId] = g.edge(e);
        added.push({ group: "edges", data: { id: `e${e}`, source: `s${from}`, target: `s${to}`, label: g.step(stepId).reconcilerId } });
        const key = `${from}>${to}`;
        const list = this.edgesBetween.get(key);
        if (list) list.push(e);
        else this.edgesBetween.set(key, [e]);
      }
      this.cy.add(added);
      this.drawnStates = g.stateCount();
      this.drawnEdges = g.edgeCount();
      this.cy.nodes().forEach((node) => {
        const s = Number(node.data("state"));
        node.position({ x: positions.x[s]! * SPACING_X, y: positions.y[s]! * SPACING_Y });
        node.classes([nodeClass(run, s), s === 0 ? "initial" : ""].filter(Boolean));
      });
      this.cy.edges().toggleClass("many", many);
    });
    // What is drawn, as attributes: a page's tests and scripts can read them without the renderer.
    this.container.dataset.nodes = String(this.cy.nodes().length);
    this.container.dataset.edges = String(this.cy.edges().length);
    if (first) this.fit();
  }

  /** Zooms to show the whole graph. */
  fit(): void {
    this.cy.fit(undefined, 30);
  }

  /** Number of nodes and edges drawn (for the page's status line and tests). */
  counts(): { nodes: number; edges: number } {
    return { nodes: this.cy.nodes().length, edges: this.cy.edges().length };
  }

  /**
   * Highlights a path (its states and transitions), the step being looked at, and the selected
   * state; undefined clears each.
   */
  highlight(selection: { state?: number; path?: Path; step?: Step }): void {
    const run = this.run;
    if (!run) return;
    this.cy.batch(() => {
      this.cy.elements().removeClass("on-path current-step selected-state");
      if (selection.path) {
        for (const step of selection.path) {
          const edge = this.edgeOf(step);
          if (edge !== undefined) this.cy.getElementById(`e${edge}`).addClass("on-path");
          for (const id of [step.stateBefore, step.stateAfter]) {
            const s = run.indexOf(id);
            if (s !== undefined) this.cy.getElementById(`s${s}`).addClass("on-path");
          }
        }
      }
      if (selection.step) {
        const edge = this.edgeOf(selection.step);
        if (edge !== undefined) this.cy.getElementById(`e${edge}`).addClass("current-step");
      }
      if (selection.state !== undefined) this.cy.getElementById(`s${selection.state}`).addClass("selected-state");
    });
    this.container.dataset.pathEdges = String(this.cy.edges(".on-path").length);
  }

  /** Brings a state into view without changing the zoom. */
  reveal(state: number): void {
    const node = this.cy.getElementById(`s${state}`);
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
    this.cy.destroy();
  }
}
