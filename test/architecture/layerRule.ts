import type { ImportEdge, ImportGraph } from "./importGraph.ts";

/**
 * One floor of the layer picture: the paths it owns (a folder ends in "/", anything else is one
 * file). A floor may import its own floor and any lower one, never a higher one.
 */
export interface Floor {
  readonly name: string;
  readonly owns: readonly string[];
}

/**
 * The layer rule for a tree: floors bottom to top, the paths that are outside the layering
 * (they may import any floor, no floor may import them), and the folders whose every module must
 * sit on a floor (so a new folder has to be placed before it can be imported).
 */
export interface LayerRule {
  readonly floors: readonly Floor[];
  readonly outside: readonly string[];
  readonly layered: readonly string[];
}

/** What broke the rule. `key` names the offence stably, for an allowlist. */
export interface LayerViolation {
  readonly kind: "upward" | "into-outside" | "unplaced" | "cycle" | "unresolved";
  readonly key: string;
  readonly message: string;
}

function owns(prefix: string, path: string): boolean {
  return prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix;
}

/** The floor index of a path (longest matching prefix wins), or undefined. */
export function floorOf(rule: LayerRule, path: string): number | undefined {
  let best: number | undefined;
  let bestLength = -1;
  rule.floors.forEach((floor, index) => {
    for (const prefix of floor.owns) {
      if (owns(prefix, path) && prefix.length > bestLength) {
        best = index;
        bestLength = prefix.length;
      }
    }
  });
  return best;
}

function edgeKey(edge: ImportEdge): string {
  return `${edge.from} -> ${edge.to}`;
}

/**
 * The import cycles of a graph, each as its modules in a canonical order (Tarjan's strongly
 * connected components; a component of two or more modules, or a module importing itself, is a
 * cycle). Type-only imports count: a cycle of types is still two modules that cannot be
 * understood one without the other.
 */
export function importCycles(files: readonly string[], edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const f of files) next.set(f, []);
  for (const e of edges) if (next.has(e.from) && next.has(e.to)) next.get(e.from)!.push(e.to);
  for (const list of next.values()) list.sort();

  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  // Iterative, so a long import chain cannot overflow the call stack.
  for (const start of [...next.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; child: number }[] = [{ node: start, child: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const children = next.get(top.node)!;
      if (top.child < children.length) {
        const child = children[top.child++]!;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        const selfLoop = component.length === 1 && children.includes(top.node);
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/**
 * Every way a graph breaks a layer rule, in a deterministic order: imports from a lower floor to a
 * higher one (bindings/ is the bottom floor, so bindings importing src/ is one), imports of an
 * outside path (examples/, bench/, test/) by a floor, layered modules that sit on no floor, import cycles, and relative imports that
 * name no file.
 *
 * @example
 * ```ts
 * const violations = checkLayers(readImportGraph(root, ["src", "bindings"]), KAMERA_LAYERS);
 * violations.map((v) => v.message);
 * ```
 */
export function checkLayers(graph: ImportGraph, rule: LayerRule): LayerViolation[] {
  const violations: LayerViolation[] = [];
  const inLayered = (path: string): boolean => rule.layered.some((prefix) => owns(prefix, path));
  const isOutside = (path: string): boolean => rule.outside.some((prefix) => owns(prefix, path));

  for (const file of graph.files) {
    if (inLayered(file) && floorOf(rule, file) === undefined) {
      violations.push({ kind: "unplaced", key: `unplaced ${file}`, message: `${file} sits on no floor of the layer rule: add it to a floor` });
    }
  }

  for (const edge of graph.edges) {
    const from = floorOf(rule, edge.from);
    if (from === undefined) continue; // outside modules may import anything
    const fromFloor = rule.floors[from]!;
    const kind = edge.typeOnly ? "type import" : "import";
    if (isOutside(edge.to)) {
      violations.push({ kind: "into-outside", key: edgeKey(edge), message: `${edge.from} (${fromFloor.name}) has an ${kind} of ${edge.to}, which is outside the layers` });
      continue;
    }
    const to = floorOf(rule, edge.to);
    if (to === undefined) continue; // a data file such as package.json
    const toFloor = rule.floors[to]!;
    if (to > from) {
      violations.push({ kind: "upward", key: edgeKey(edge), message: `${edge.from} (${fromFloor.name}) has an upward ${kind} of ${edge.to} (${toFloor.name})` });
    }
  }

  const layeredFiles = graph.files.filter((f) => floorOf(rule, f) !== undefined);
  for (const cycle of importCycles(layeredFiles, graph.edges)) {
    violations.push({ kind: "cycle", key: `cycle ${cycle.join(" <-> ")}`, message: `import cycle among ${cycle.join(", ")}` });
  }

  for (const u of graph.unresolved) {
    violations.push({ kind: "unresolved", key: `unresolved ${u.from} -> ${u.specifier}`, message: `${u.from} imports "${u.specifier}", which names no file` });
  }

  return violations.sort((a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key));
}

/** kamera's layer rule (docs/architecture.md, "The layer rule"), bottom floor first. */
export const KAMERA_LAYERS: LayerRule = {
  floors: [
    { name: "bindings", owns: ["bindings/"] },
    { name: "foundation", owns: ["src/kameraError.ts", "src/kinds.ts", "src/kindSuggestion.ts", "src/nearestName.ts", "src/optionKey.ts", "src/objects/"] },
    { name: "apiserver", owns: ["src/apiserver/"] },
    { name: "client", owns: ["src/client/"] },
    { name: "controllers", owns: ["src/reconciler.ts", "src/reconcileResultCheck.ts", "src/controllerRegistration.ts", "src/controllers/"] },
    // A Scenario's build() returns an ExplorerBuilder, so scenario.ts stands on the explore floor.
    { name: "explore", owns: ["src/explore/", "src/scenario.ts", "src/scenarioRegistry.ts"] },
    { name: "results", owns: ["src/results/"] },
    // Comparing search strategies on scenarios: runs explorations, tabulates and plots them.
    { name: "compare", owns: ["src/compare/"] },
    // Traces of live controllers: recording wrappers, the reader, lenses, a world at an event.
    { name: "trace", owns: ["src/trace/"] },
    { name: "inspect", owns: ["src/inspect/"] },
    // The API server over HTTP: seeds from dumps and runs controllers live, and the CLI serves it.
    { name: "serveApi", owns: ["src/serveApi/"] },
    // Exploration across worker threads and NATS workers: shards, their messages, the replay.
    { name: "parallel", owns: ["src/parallel/"] },
    { name: "cli", owns: ["src/cli/"] },
    // The package's entries: kamera, kamera/browser and kamera/vitest.
    { name: "index", owns: ["src/index.ts", "src/browser.ts", "src/vitest.ts"] },
  ],
  outside: ["examples/", "bench/", "test/", "bin/"],
  layered: ["src/", "bindings/"],
};
