/**
 * The first key of `opts` that is not one of `known`, with the known key it most likely meant:
 * the same ignoring case, else the first that shares its first five letters. An options object's
 * misspelt key would otherwise be ignored and its option silently keep its default.
 *
 * @example
 * ```ts
 * unknownOptionKey({ maxState: 10 }, ["maxStates", "seed"]); // { key: "maxState", near: "maxStates" }
 * ```
 */
export function unknownOptionKey(opts: object, known: readonly string[]): { key: string; near: string | undefined } | undefined {
  for (const key of Object.keys(opts)) {
    if (known.includes(key)) continue;
    const lower = key.toLowerCase();
    const near = known.find((k) => k.toLowerCase() === lower) ?? known.find((k) => k.toLowerCase().startsWith(lower.slice(0, 5)));
    return { key, near };
  }
  return undefined;
}
