/**
 * Content hashes for the built-in controllers: a pod template's hash names its ReplicaSet, and
 * hashes of (owner, index) name the pods a controller creates. Both must be the same on every
 * path and in every process, so they are computed from canonical JSON (object keys sorted),
 * never from insertion order, the clock or randomness.
 */

/**
 * JSON with object keys sorted at every level; `undefined` members are left out, as
 * `JSON.stringify` does. Two objects with the same content give the same string.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] }); // '{"a":[{"x":1,"y":2}],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    const s = JSON.stringify(value);
    return s === undefined ? "null" : s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/**
 * Whether two JSON values have the same content (key order ignored): `canonicalJson(a) ===
 * canonicalJson(b)`, compared structurally because controllers ask it on every reconcile and
 * building both strings cost a tenth of an exploration's time.
 */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // canonicalJson writes undefined as null.
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (x === null || y === null || typeof x !== "object" || typeof y !== "object") return JSON.stringify(x) === JSON.stringify(y);
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ys = y as unknown[];
    if (x.length !== ys.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameContent(x[i], ys[i])) return false;
    return true;
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  // Members that are undefined are left out, as canonicalJson leaves them out.
  let count = 0;
  for (const k of Object.keys(xo)) {
    if (xo[k] === undefined) continue;
    count++;
    if (yo[k] === undefined || !Object.prototype.hasOwnProperty.call(yo, k) || !sameContent(xo[k], yo[k])) return false;
  }
  for (const k of Object.keys(yo)) if (yo[k] !== undefined) count--;
  return count === 0;
}

/**
 * 32-bit FNV-1a over the UTF-8 bytes of `text`: the hash the real controllers use for pod
 * template hashes.
 *
 * @example
 * ```ts
 * fnv32a(""); // 2166136261
 * ```
 */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  // ASCII (every name, label and image reference in practice) is its own UTF-8: skip the encoder.
  if (/^[\x00-\x7f]*$/.test(text)) {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }
  for (const byte of UTF8.encode(text)) h = Math.imul(h ^ byte, 0x01000193);
  return h >>> 0;
}

const UTF8 = new TextEncoder();

/** The alphabet of Kubernetes' `rand.SafeEncodeString`: no vowels (no words), no look-alike characters. */
const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/**
 * Kubernetes' `SafeEncodeString`: maps every character of `text` into the safe alphabet.
 * The real pod-template-hash is `safeEncode(String(fnv32a(...)))`.
 */
export function safeEncode(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/**
 * A 5-character suffix in the safe alphabet derived from `seed`, shaped like the random suffix a
 * real server appends to a `generateName` (`web-7d4f9-x2bq5`), but a pure function of the seed.
 *
 * @example
 * ```ts
 * stableSuffix("web-7d4f9/0"); // always the same 5 characters
 * ```
 */
export function stableSuffix(seed: string): string {
  let h = fnv32a(seed);
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += SAFE_ALPHABET[h % SAFE_ALPHABET.length];
    h = Math.floor(h / SAFE_ALPHABET.length);
  }
  return out;
}
