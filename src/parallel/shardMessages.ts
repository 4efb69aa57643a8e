import type { InitialState } from "../explore/initialStateBuilder.ts";
import type { NondeterminismReport } from "../explore/exploreOptions.ts";
import type { StateOutcome } from "../explore/stateOutcome.ts";
import type { StepRecord } from "../explore/stepRecord.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { Engine, FrontierKind } from "../../bindings/core.ts";

/*
 * The messages of a parallel exploration, one format for every transport (worker_threads post
 * them as structured clones, NATS carries them `v8.serialize`d). See docs/scale-out.md.
 *
 * Ids inside packed arrays are the *sender's* interning ids (keys, object versions, requests,
 * bookkeeping, steps). Each message first carries the dictionary entries its receiver has not
 * been sent yet, so an object version crosses each link once. A version travels with its content
 * hash (the same content has the same 64-bit hash on every worker): receivers intern it by that
 * hash without normalizing and encoding it again, and keep their own id for it.
 */

/** What a worker needs to explore its shard: the scenario to load and the options that shape the state space or bound its search. */
export interface ShardJob {
  /** A bundled scenario's name, or an absolute path to a module exporting a Scenario. */
  scenario: string;
  /** Modules to import before resolving `scenario` (they register bundled scenarios). */
  preload: string[];
  initial: InitialState;
  options: ShardOptions;
}

/** The explore options a worker applies (plain data: functions cannot cross to another thread or machine). */
export interface ShardOptions {
  engine: Engine;
  frontier: FrontierKind;
  seed: number;
  maxDepth?: number;
  abortOnError?: boolean;
  reconcileTimeoutMs?: number;
  determinismCheck?: boolean;
  reduceNoOps?: boolean;
  memoizeReconciles?: boolean;
  /** The worker expands none of its states once it owns this many (see docs/scale-out.md, "Bounds and stops"). */
  maxStates?: number;
}

/** Interning entries a receiver has not seen from this sender yet. */
export interface Dictionary {
  /** [id, kind, namespace, name] */
  keys: [number, string, string, string][];
  /** [id, kind, object, content hash (`VersionTable.hash`)] */
  versions: [number, string, KubeObject, bigint][];
  /** [id, reconcilerId, namespace, name] */
  requests: [number, string, string, string][];
  /** Server bookkeeping's incarnation counts: [id, [object key, count] pairs]. */
  incarnations: [number, [string, number][]][];
  /** To the coordinator only: [id, step record, the abort outcome of a failing step under abortOnError]. */
  steps: [number, StepRecord, StateOutcome | undefined][];
}

/**
 * Worker → worker: states the receiver owns. `states` packs, per state:
 * [fingerprint high 32 bits, low 32 bits, depth, revision, incarnationsId, nSlots, (keyId, versionId)×nSlots, nPending, requestId×nPending].
 * A state sent again means a shorter path to it was found (its depth is lower); its
 * incarnationsId is then NO_BOOKKEEPING.
 */
export interface StatesMessage {
  type: "states";
  from: number;
  dict: Dictionary;
  states: Uint32Array;
}

/**
 * Worker → coordinator: expanded states and their transitions, in the order the worker made
 * them. `records` packs, per expanded state:
 * [fp high, fp low, nTransitions, then per transition: stepId, nChanged, (keyId, versionId)×nChanged, nPending, requestId×nPending].
 * `outcomes` are the properties that failed on the worker's states (invariants), by fingerprint.
 */
export interface ExpansionsMessage {
  type: "expansions";
  from: number;
  dict: Dictionary;
  records: Uint32Array;
  outcomes: [fingerprint: string, when: "always" | "converged", outcome: StateOutcome][];
  /** From the owner of the initial state, once: [nSlots, (keyId, versionId)×nSlots, nPending, requestId×nPending]. */
  initial?: Uint32Array;
  /**
   * On the last message of a worker's answer to an `expand` request: its `batch`. (Records a worker
   * sends after its `searched` message are answers; those before it, what its search expanded.)
   */
  answers?: number;
}

/**
 * Coordinator → worker, after the search: expand these states again (or for the first time) with
 * these incarnation counts, which the single-worker run's first path to each gives (see
 * docs/scale-out.md, "Server bookkeeping"). `states` packs, per state, in the coordinator's ids:
 * [fp high, fp low, depth, incarnationsId, nSlots, (keyId, versionId)×nSlots, nPending, requestId×nPending].
 * The answer is `expansions` messages, the last with `answers: batch`.
 */
export interface ExpandMessage {
  type: "expand";
  batch: number;
  dict: Dictionary;
  states: Uint32Array;
}

/** Worker → coordinator: its search is over and every expansion it made has been sent; it answers `expand` until `release`. */
export interface SearchedMessage {
  type: "searched";
  from: number;
}

/** Worker → coordinator: counters for progress, bounds and termination. */
export interface StatusMessage {
  type: "status";
  from: number;
  /**
   * No owned state waits for expansion (or the worker owns `maxStates` states and expands no
   * more: its `states` then say the bound is reached) and every received message was handled.
   */
  idle: boolean;
  /** `states` messages sent to and received (handled) from other workers. */
  sent: number;
  received: number;
  /** Distinct states owned, states expanded, transitions made. */
  states: number;
  expanded: number;
  transitions: number;
  /** The probe wave answered, or −1 for a report sent on becoming idle or for progress. */
  wave: number;
}

/** Worker → coordinator: the last message of a worker, after `release` (or `stop` after its search). */
export interface DoneMessage {
  type: "done";
  from: number;
  reconcilesExecuted: number;
  reconcilesReplayed: number;
  nondeterministic: NondeterminismReport[];
}

/** Worker → coordinator: the worker failed (it stops); the exploration fails with this message. */
export interface FailedMessage {
  type: "failed";
  from: number;
  message: string;
}

/** Worker → coordinator: the scenario is loaded and the worker listens. */
export interface ReadyMessage {
  type: "ready";
  from: number;
}

/** Coordinator → worker. */
export type ControlMessage =
  | { type: "go" }
  /** Report your counters now (termination detection). */
  | { type: "probe"; wave: number }
  /** Every worker is idle and no message is in flight: flush and send `searched`. */
  | { type: "finish" }
  /**
   * During the search: a bound, the timeout or a stop request: stop expanding, flush, send
   * `searched`. After it: the exploration is abandoned (a failure): end without answering.
   * `betweenStates` (for `maxStates`, which a single-worker run checks between states): finish
   * the state being expanded first, so that every state counted has an expansion the coordinator
   * is sent; otherwise the state being expanded is left part way.
   */
  | { type: "stop"; betweenStates?: boolean }
  | ExpandMessage
  /** The coordinator needs nothing more: send `done` and end. */
  | { type: "release" }
  /** A heartbeat (transports that cannot see a peer die, such as NATS, send one every second). */
  | { type: "alive" };

/** Worker → coordinator: a heartbeat (see the control message of the same name). */
export interface AliveMessage {
  type: "alive";
  from: number;
}

export type ToCoordinator = ExpansionsMessage | StatusMessage | SearchedMessage | DoneMessage | FailedMessage | ReadyMessage | AliveMessage;
export type ToWorker = StatesMessage | ControlMessage;

/** An empty dictionary. */
export function emptyDictionary(): Dictionary {
  return { keys: [], versions: [], requests: [], incarnations: [], steps: [] };
}

/** The owner of a state: its fingerprint's low 32 bits modulo the number of workers. */
export function ownerOf(fingerprintLow: number, workers: number): number {
  return (fingerprintLow >>> 0) % workers;
}

/** The incarnationsId of a state sent again for its lower depth only (the receiver has it). */
export const NO_BOOKKEEPING = 0xffffffff;
