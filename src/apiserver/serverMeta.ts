/**
 * Server bookkeeping of one state that is not part of the state's identity (two states with equal
 * worlds are the same state whatever their bookkeeping; the explorer keeps the bookkeeping of the
 * path that reached the state first).
 *
 * - `revision`: the last global sequence number handed out, like an etcd revision; the next write
 *   takes `revision + 1` and stores it as the object's `resourceVersion`.
 * - `incarnations`: per object key (`objectKeyString`), how many times an object with that key has
 *   been created on this path, so that an object deleted and created again gets a new uid that is
 *   still a pure function of the path.
 *
 * @example
 * ```ts
 * let meta = emptyServerMeta();
 * const { meta: next, incarnation } = nextIncarnation(meta, key); // incarnation 1
 * ```
 */
export interface ServerMeta {
  readonly revision: number;
  readonly incarnations: ReadonlyMap<string, number>;
}

/** Bookkeeping of a server that has never been written to. */
export function emptyServerMeta(): ServerMeta {
  return { revision: 0, incarnations: new Map() };
}

/** How many times the object under `key` has been created on this path (0 if never). */
export function incarnationOf(meta: ServerMeta, key: string): number {
  return meta.incarnations.get(key) ?? 0;
}

/** Counts one more creation of `key`; returns the new bookkeeping and the new object's incarnation (1 for the first). */
export function nextIncarnation(meta: ServerMeta, key: string): { meta: ServerMeta; incarnation: number } {
  const incarnation = incarnationOf(meta, key) + 1;
  const incarnations = new Map(meta.incarnations);
  incarnations.set(key, incarnation);
  return { meta: { revision: meta.revision, incarnations }, incarnation };
}
