/**
 * A short content digest of an object: the label a dump stores each object version under, and
 * the "version hash" the inspectors show. It is a reference label only: loading a dump never
 * recomputes it, so a digest need not be bit-identical across builds — only stable within one.
 *
 * Pure TypeScript (no `node:crypto`) so the browser inspector can show the same digests.
 */
import { canonicalJson } from "../objects/canonicalJson.ts";

/**
 * 64 bits as 16 hex digits, from two independently seeded 32-bit multiply-xorshift lanes over
 * the UTF-16 code units of the text (cyrb53's mixing, widened to 64 bits).
 */
export function digestText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  h1 ^= text.length;
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}

/**
 * The content digest of an object (16 hex digits); equal content gives equal digests regardless
 * of key order.
 *
 * @example
 * ```ts
 * objectDigest({ kind: "ConfigMap", apiVersion: "v1" }) === objectDigest({ apiVersion: "v1", kind: "ConfigMap" }); // true
 * ```
 */
export function objectDigest(value: unknown): string {
  return digestText(canonicalJson(value));
}
