import type { ExploreResult } from "../results/exploreResult.ts";
import type { ResultGraph } from "../results/resultGraph.ts";
import type { InspectorOptions } from "./tui/runInspector.tsx";

export type { InspectorOptions };

/**
 * Opens the terminal inspector on a result: states → paths → steps → reconcile diffs. Ink and
 * React are loaded only when it is called, so importing kamera stays fast.
 *
 * @example
 * ```ts
 * const result = await explorer.explore(initial);
 * await runInspector(result);
 * ```
 */
export async function runInspector(result: ExploreResult & { graph?: ResultGraph }, opts: InspectorOptions = {}): Promise<void> {
  const tui = await import("./tui/runInspector.tsx");
  return tui.runInspector(result, opts);
}
