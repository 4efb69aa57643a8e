/**
 * Loads a module that imports Ink, in interactive mode. Ink decides once, when it is first
 * imported, that a process with `CI` set is not interactive and then draws only the final frame —
 * which leaves a blank screen in a real terminal opened from a CI job. The inspectors only run on
 * a terminal, so those variables are hidden while Ink loads and restored right after.
 *
 * @example
 * ```ts
 * const { runTraceInspector } = await importInteractively(() => import("./runTraceInspector.tsx"));
 * ```
 */
export async function importInteractively<T>(load: () => Promise<T>): Promise<T> {
  const names = ["CI", "CONTINUOUS_INTEGRATION"] as const;
  const saved = names.map((n) => [n, process.env[n]] as const);
  for (const n of names) delete process.env[n];
  try {
    return await load();
  } finally {
    for (const [n, v] of saved) if (v !== undefined) process.env[n] = v;
  }
}
