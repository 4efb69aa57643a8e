import type { ExploreResult } from "../../explore/exploreResult.ts";
import type { ResultGraph } from "../../explore/resultGraph.ts";
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
  const inspector = await importInteractively();
  return inspector.runInspector(result, opts);
}

/**
 * Loads the inspector with Ink in interactive mode. Ink decides once, when it is first imported,
 * that a process with `CI` set is not interactive and then draws only the final frame — which
 * leaves a blank screen in a real terminal opened from a CI job. The inspector only runs on a
 * terminal, so those variables are hidden while Ink loads and restored right after.
 */
async function importInteractively(): Promise<typeof import("./runInspector.tsx")> {
  const names = ["CI", "CONTINUOUS_INTEGRATION"] as const;
  const saved = names.map((n) => [n, process.env[n]] as const);
  for (const n of names) delete process.env[n];
  try {
    return await import("./runInspector.tsx");
  } finally {
    for (const [n, v] of saved) if (v !== undefined) process.env[n] = v;
  }
}
