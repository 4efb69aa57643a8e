import type { KubeObject } from "../objects/kubeObject.ts";
import type { WorldEntry } from "./worldReader.ts";

/**
 * Receives every read of a state that one reconcile makes, with what the read returned, so the
 * explorer can tell later whether the same reconcile would see the same things elsewhere (see
 * `ReconcileMemo`). Reads of a reconcile's own earlier writes are not reported: those follow from
 * the reads before them.
 *
 * `filterKey` names a list filter (namespace and selectors) so that two lists with equal filters
 * compare equal; `keep` is the compiled filter itself, kept to ask the same question of another world.
 *
 * @example
 * ```ts
 * const recorder: ReadRecorder = {
 *   get: (key, found) => console.log("get", key, found !== undefined),
 *   list: (kind, filterKey, _keep, found) => console.log("list", kind, filterKey, found.length),
 *   all: (found) => console.log("all", found.length),
 *   uid: (uid, found) => console.log("uid", uid, found?.key),
 *   dependents: (uid, found) => console.log("dependents", uid, found.length),
 *   incarnation: (key, value) => console.log("incarnation", key, value),
 * };
 * ```
 */
export interface ReadRecorder {
  get(key: string, found: KubeObject | undefined): void;
  list(kind: string, filterKey: string, keep: (o: KubeObject) => boolean, found: readonly KubeObject[]): void;
  all(found: readonly KubeObject[]): void;
  /** A lookup by uid (the garbage collector's owner lookups), with what it found. */
  uid(uid: string, found: WorldEntry | undefined): void;
  /** A lookup of the dependents of an owner uid, with what it found. */
  dependents(ownerUid: string, found: readonly WorldEntry[]): void;
  /** A create read how often its key had been created on the path (the new uid depends on it). */
  incarnation(key: string, value: number): void;
}
