import type { Hasher } from "../objects/hasher.ts";

/** The alphabet of the real server's random suffixes (no vowels, no confusable characters). */
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const SUFFIX_LENGTH = 5;
/** A generated name is at most 63 characters: the real server truncates the prefix to 58. */
const MAX_PREFIX_LENGTH = 63 - SUFFIX_LENGTH;

/** The `attempt`-th candidate suffix for a prefix: 5 characters from the real server's alphabet. */
export function generatedSuffix(hasher: Hasher, prefix: string, attempt: number): string {
  let h = hasher.hash64(`generateName\u0000${prefix}\u0000${attempt}`);
  let out = "";
  for (let i = 0; i < SUFFIX_LENGTH; i++) {
    out += ALPHABET[Number(h % BigInt(ALPHABET.length))];
    h /= BigInt(ALPHABET.length);
  }
  return out;
}

/**
 * The name the server gives an object created with `metadata.generateName: prefix`: the prefix
 * (truncated to 58 characters, as the real server does) plus a 5-character suffix. Where the real
 * server draws the suffix at random, kamera takes the first of a fixed sequence of candidates
 * derived from the prefix that `taken` does not report as in use, so the name depends only on the
 * prefix and the world, and equal paths give equal names.
 *
 * @example
 * ```ts
 * generateObjectName(hasher, "web-", (name) => world.get("core/Pod", "default", name) !== undefined); // "web-x7k2q"
 * ```
 */
export function generateObjectName(hasher: Hasher, prefix: string, taken: (name: string) => boolean): string {
  const base = prefix.length > MAX_PREFIX_LENGTH ? prefix.slice(0, MAX_PREFIX_LENGTH) : prefix;
  // A world is finite, so some candidate is free; 27^5 suffixes make a long search implausible.
  for (let attempt = 0; ; attempt++) {
    const name = base + generatedSuffix(hasher, base, attempt);
    if (!taken(name)) return name;
  }
}
