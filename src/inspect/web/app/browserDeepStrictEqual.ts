/**
 * `isDeepStrictEqual` of `node:util`, for the browser bundle only: vite.config.ts puts this module
 * in place of `node:util` for the API server's write path (src/apiserver/writeTransaction.ts),
 * which compares objects before and after a write. It covers what Kubernetes objects hold — plain
 * objects, arrays, primitives and Dates — with Node's strict rules (same prototype, same own
 * enumerable keys, `Object.is` for primitives); anything else is refused loudly rather than
 * compared wrongly, since a wrong answer would silently change exploration results.
 *
 * @example
 * ```ts
 * isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }); // true
 * ```
 */
export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime());
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!isDeepStrictEqual(a[i], other[i])) return false;
    return sameKeys(a, other);
  }
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.prototype && proto !== null) {
    // Class instances (client-node models) compare by their own fields, as Node does.
    if (a instanceof Map || a instanceof Set || ArrayBuffer.isView(a) || a instanceof ArrayBuffer || a instanceof RegExp) {
      throw new TypeError(`isDeepStrictEqual (browser build) does not compare ${proto.constructor?.name ?? "this kind of"} values`);
    }
  }
  return sameKeys(a, b) && Object.keys(a).every((k) => isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function sameKeys(a: object, b: object): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const set = new Set(kb);
  return ka.every((k) => set.has(k));
}
