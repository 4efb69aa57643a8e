import { stableSuffix } from "./stableHash.ts";

/**
 * Names for the pods a ReplicaSet or Job creates. A real server appends a random suffix to
 * `generateName`; here the suffix of the k-th candidate is a hash of (owner, k), and a controller
 * takes the lowest candidates not already taken. The names therefore depend only on the state
 * of the world, never on the path that led to it, so equal worlds stay equal states.
 *
 * @example
 * ```ts
 * childNames("web-5d4f8", new Set(["web-5d4f8-x2bq5"]), 2); // two free names "web-5d4f8-....."
 * ```
 */
export function childNames(prefix: string, taken: ReadonlySet<string>, count: number, seed = prefix): string[] {
  const out: string[] = [];
  const used = new Set(taken);
  // Every candidate is tried once; more than count + taken.size candidates can only be needed on hash collisions.
  for (let k = 0; out.length < count; k++) {
    const name = `${prefix}-${stableSuffix(`${seed}/${k}`)}`;
    if (used.has(name)) continue;
    used.add(name);
    out.push(name);
  }
  return out;
}
