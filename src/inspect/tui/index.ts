import type { ExploreResult } from "../../explore/exploreResult.ts";
import type { ResultGraph } from "../../explore/resultGraph.ts";
import { importInteractively } from "./interactiveInk.ts";
import type { InspectorOptions } from "./runInspector.tsx";

export type { InspectorOptions } from "./runInspector.tsx";

/**
 * Opens the terminal inspector on a result and resolves when the user quits. Ink and React are
 * loaded on the first call, not when the package is imported: they take about as long to load as
 * the rest of kamera, and scripts that never open the inspector should not pay for them.
 *
 * @example
 * ```ts
 * const result = await eb.build().explore(initial);
 * await runInspector(result);
 * ```
 */
export async function runInspector(result: ExploreResult & { graph?: ResultGraph }, opts: InspectorOptions = {}): Promise<void> {
  const inspector = await importInteractively(() => import("./runInspector.tsx"));
  return inspector.runInspector(result, opts);
}
