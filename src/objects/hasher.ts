import xxhash from "xxhash-wasm";

/** A 64-bit content hash: xxHash64 with seed 0 over the UTF-8 encoding of a string. */
export interface Hasher {
  /** xxHash64 (seed 0) of `text` encoded as UTF-8, as an unsigned 64-bit `bigint`. */
  hash64(text: string): bigint;
}

let loading: Promise<Hasher> | undefined;

/**
 * Loads the xxhash-wasm module once per process and returns the shared hasher; later calls get
 * the same instance. Hashes are stable across runs, processes and platforms (xxHash64 is
 * specified bit for bit), so fingerprints in dumps and from parallel workers agree.
 *
 * @example
 * ```ts
 * const hasher = await loadHasher();
 * hasher.hash64("");   // 0xef46db3751d8e999n, the xxHash64 of the empty input
 * ```
 */
export function loadHasher(): Promise<Hasher> {
  loading ??= xxhash().then(
    (api): Hasher => {
      const h64 = api.h64;
      return Object.freeze({ hash64: (text: string): bigint => h64(text) });
    },
    (e: unknown) => {
      // Let a later call try again rather than caching the failure forever.
      loading = undefined;
      throw e;
    },
  );
  return loading;
}
