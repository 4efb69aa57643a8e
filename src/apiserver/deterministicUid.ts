import type { Hasher } from "../objects/hasher.ts";

function hex64(n: bigint): string {
  return n.toString(16).padStart(16, "0");
}

/**
 * The uid the simulated server gives an object: UUID-shaped (8-4-4-4-12 hex digits, version 8 =
 * "custom", RFC 9562 variant) and a pure function of the object's kind, namespace, name and
 * incarnation (how many times that key has been created on the path), so equal paths give equal
 * uids and an object deleted and created again gets a new one.
 *
 * @example
 * ```ts
 * deterministicUid(hasher, "core/Pod", "default", "web", 1); // e.g. "3f2a9c1e-77b0-8d41-a0c3-5e9b2f71c0d4"
 * ```
 */
export function deterministicUid(hasher: Hasher, kind: string, namespace: string, name: string, incarnation: number): string {
  const seed = `${kind}\u0000${namespace}\u0000${name}\u0000${incarnation}`;
  const hi = hex64(hasher.hash64(`uid-high\u0000${seed}`));
  const lo = hex64(hasher.hash64(`uid-low\u0000${seed}`));
  const variant = ((parseInt(lo[0]!, 16) & 0x3) | 0x8).toString(16);
  return `${hi.slice(0, 8)}-${hi.slice(8, 12)}-8${hi.slice(13, 16)}-${variant}${lo.slice(1, 4)}-${lo.slice(4, 16)}`;
}
