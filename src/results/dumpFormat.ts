import type { KubeObject } from "../objects/kubeObject.ts";
import type { Request } from "../reconciler.ts";
import type { EffectOp } from "../apiserver/effect.ts";
import type { ExploreStats } from "../explore/exploreResult.ts";
import type { ShorteningStats } from "../explore/shorteningStats.ts";
import type { OutcomeKind, StateAbortReason } from "../explore/stateOutcome.ts";
import type { OutcomeStopReason } from "../explore/explorer.ts";

/**
 * The on-disk shape of a dump (version 2): one JSON document holding the explored graph.
 * Objects are stored once and referenced by their digest; object keys (with group and kind) are
 * stored once in `keys`, and each state lists its objects as `[key index, object digest]`, which
 * keeps a state to a few bytes per object; paths and path counts are not stored but recomputed
 * from the edges on load.
 *
 * The writer puts one array element per line, so a dump diffs and greps well; readers accept
 * any layout of the same JSON.
 *
 * Version 2 adds `checksum` (see `dumpChecksum.ts`), last in the document; a version 1 dump
 * (without it) still loads, with every other check.
 *
 * Optional fields added since, without a new version (a dump without them loads as before):
 * `stopReason` and `stopDetail` (why a partial search stopped), `stats.shortening`, the
 * `counterexamples` section with its count: the paths a result gives its counterexamples when
 * they differ from what the graph gives back (under a reduction, the full graph's shortest,
 * which may pass through states the reduced graph does not hold), and `warnings` (the result's
 * warnings; a dump without them has none).
 */

/** The value of the `format` field. */
export const DUMP_FORMAT = "kamera-dump";
/** The version this build writes. */
export const DUMP_VERSION = 2;
/** The versions this build reads: 1 (no checksum) and 2. */
export const DUMP_VERSIONS_READ: readonly number[] = [1, 2];

/** A reconcile request as dumps store it. */
export interface DumpPending {
  reconcilerId: string;
  request: Request;
}

/** The identity of an object: group ("" for the core group), Kind name, namespace ("" when cluster-scoped), name. */
export interface DumpKey {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** An object of a state: the index of its key in `keys` and the digest of its content in `objects`. */
export type DumpStateObject = [key: number, hash: string];

/** One explored state; its position in `states` is its number (0 is the initial state). */
export interface DumpState {
  /** Fingerprint as 16 hex digits. */
  id: string;
  depth: number;
  outcome: OutcomeKind;
  reason?: StateAbortReason;
  error?: string;
  failedReconcile?: DumpPending;
  violations?: { invariant: string; message: string }[];
  objects: DumpStateObject[];
  pending: DumpPending[];
}

/** One write of a step; `before`/`after` are object digests. */
export interface DumpEffect {
  op: EffectOp;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  before?: string;
  after?: string;
}

/** One reconcile as it ran; its position in `steps` is its step id. */
export interface DumpStep {
  reconcilerId: string;
  request: Request;
  effects: DumpEffect[];
  error?: string;
  /** Where the user's code threw, `file:line:col` (optional: older dumps lack it). */
  errorLocation?: string;
  requeue?: boolean;
  requeueAfter?: number;
  choices?: string[];
  staleView?: Record<string, number>;
}

/** A step of a stored counterexample path: as `steps` stores it, with the ids of the states around it. */
export interface DumpPathStep extends DumpStep {
  stateBefore: string;
  stateAfter: string;
}

/**
 * A counterexample whose path the result gives rather than the graph: one with a `shortest`
 * claim (see `Violation.shortest`, `ResultState.shortest`). Its `stateId` (and `invariant`) name
 * the violation, livelock or failing reconciler of the graph it belongs to.
 */
export interface DumpCounterexample {
  /** "violation", or "loop" for a livelock or failing reconciler. */
  kind: "violation" | "loop";
  stateId: string;
  /** For a violation. */
  invariant?: string;
  shortest: boolean;
  /** The violation's path, or the loop's `paths[0]`. */
  path?: DumpPathStep[];
  /** For a loop: its `cycle`. */
  cycle?: DumpPathStep[];
}

/** `[from, to, stepId]`. */
export type DumpEdge = [number, number, number];

/** Free-form description of what was explored (scenario name, description, options). */
export type DumpScenario = Record<string, unknown>;

/** A whole dump document. */
export interface DumpDocument {
  format: typeof DUMP_FORMAT;
  version: 1 | typeof DUMP_VERSION;
  /** The build that wrote it: `kamera <version>` and the engine. */
  createdBy: string;
  scenario: DumpScenario;
  /** Whether the search ran to completion (unexpanded states of a partial search are reported as "limit"). */
  complete: boolean;
  /** For a partial search: why it stopped (optional: older dumps lack it). */
  stopReason?: OutcomeStopReason;
  /** For a search stopped by the watchdog: what did not return (optional). */
  stopDetail?: string;
  /** The result's warnings (`ExploreOutcome.warnings`), written only when there are some (optional: older dumps lack it). */
  warnings?: string[];
  stats?: ExploreStats;
  /** Lengths of the arrays below, checked on load to catch damaged files (`counterexamples` only with that section). */
  counts: { objects: number; keys: number; states: number; steps: number; edges: number; counterexamples?: number };
  objects: { hash: string; object: KubeObject }[];
  keys: DumpKey[];
  states: DumpState[];
  steps: DumpStep[];
  edges: DumpEdge[];
  /** Optional (older dumps lack it): see `DumpCounterexample`. */
  counterexamples?: DumpCounterexample[];
  /** Version 2: the content checksum (16 hex digits) over the header fields and every element. */
  checksum?: string;
}

/** The numeric fields of `ExploreStats`, in the order dumps write them (then `engine`). */
export const STATS_NUMBER_FIELDS = [
  "statesVisited",
  "uniqueStates",
  "transitions",
  "reconcilesExecuted",
  "reconcilesReplayed",
  "maxDepth",
  "durationMs",
  "statesPerSecond",
  "frontierSize",
  "collisionProbability",
  "convergedCount",
  "abortedCount",
] as const satisfies readonly (keyof ExploreStats)[];

/** The stop reasons a dump records (`OutcomeStopReason`). */
export const STOP_REASONS: readonly OutcomeStopReason[] = ["signal", "timeout", "maxStates", "walks", "runaway"];

/** The numeric fields of `ShorteningStats`, in the order dumps write them (then `exhausted`). */
export const SHORTENING_NUMBER_FIELDS = ["uniqueStates", "transitions", "maxDepth", "durationMs"] as const satisfies readonly (keyof ShorteningStats)[];

/** Splits a canonical kind into the group (`""` for core) and Kind name the format stores. */
export function splitKind(kind: string): { group: string; kind: string } {
  const slash = kind.lastIndexOf("/");
  const group = kind.slice(0, slash);
  return { group: group === "core" ? "" : group, kind: kind.slice(slash + 1) };
}

/** The canonical `"group/Kind"` of a stored group and Kind name. */
export function joinKind(group: string, kind: string): string {
  return `${group === "" ? "core" : group}/${kind}`;
}
