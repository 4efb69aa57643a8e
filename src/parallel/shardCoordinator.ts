import type { StopReason } from "../explore/checker.ts";
import type { ExploreOptions } from "../explore/exploreOptions.ts";
import type { ExploreStats } from "../explore/exploreResult.ts";
import { KameraError } from "../kameraError.ts";
import type { ReplayModel } from "./replayModel.ts";
import type { ControlMessage, ExpandMessage, StatusMessage, ToCoordinator } from "./shardMessages.ts";

/** The coordinator's view of its workers, whatever runs them (threads, processes on other machines). */
export interface WorkerPool {
  readonly size: number;
  send(shard: number, msg: ControlMessage): void;
  /**
   * `onMessage` gets every message of every worker (each worker's in the order it sent them);
   * `onLost` is called when a worker dies or can no longer be reached.
   */
  listen(onMessage: (msg: ToCoordinator) => void, onLost: (shard: number, reason: string) => void): void;
  /** Ends the workers (after their `done`, or to abandon a failed run). */
  close(): Promise<void>;
}

/** How the workers' search ended. */
export interface SearchEnd {
  complete: boolean;
  stopReason?: StopReason;
}

/**
 * The coordinator's side of the protocol with the workers of one exploration, in three phases:
 * the search (start, termination detection, bounds, stops), the replay (the workers wait and
 * answer `expand` requests) and the release (each worker sends `done` and ends). A worker that
 * fails or is lost before its `done` fails the exploration in any phase: the phase's promise and
 * every wait for an answer reject with a `KameraError` naming it.
 *
 * @example
 * ```ts
 * const coordinator = new ShardCoordinator(pool, model, opts, performance.now());
 * const end = await coordinator.searched();
 * // … replay, asking with coordinator.send(shard, expandMessage) …
 * await coordinator.release();
 * ```
 */
export class ShardCoordinator {
  private readonly latest: (StatusMessage | undefined)[];
  private readonly ready = new Set<number>();
  private readonly searchedBy = new Set<number>();
  private readonly done = new Set<number>();
  private wave = 0;
  private waveSnapshot: { sent: number; received: number }[] | undefined;
  private waveReplies: StatusMessage[] = [];
  private ending: "finish" | "stop" | undefined;
  private stopReason: StopReason | undefined;
  private phase: "search" | "replay" | "release" | "over" = "search";
  private failure: KameraError | undefined;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private lastProgress = 0;
  /** When `timeoutMs` is used up, on this thread's `performance.now()` clock (Infinity without one). */
  private readonly deadline: number;
  private readonly searchedPromise: Promise<SearchEnd>;
  private resolveSearched!: (end: SearchEnd) => void;
  private rejectSearched!: (e: Error) => void;
  private readonly releasedPromise: Promise<void>;
  private resolveReleased!: () => void;
  private rejectReleased!: (e: Error) => void;
  private readonly onAbort = () => this.stop("signal");

  constructor(
    private readonly pool: WorkerPool,
    private readonly model: ReplayModel,
    private readonly opts: ExploreOptions,
    private readonly startedAt: number,
  ) {
    this.latest = new Array<StatusMessage | undefined>(pool.size).fill(undefined);
    this.deadline = opts.timeoutMs !== undefined ? startedAt + opts.timeoutMs : Infinity;
    this.searchedPromise = new Promise<SearchEnd>((resolve, reject) => {
      this.resolveSearched = resolve;
      this.rejectSearched = reject;
    });
    this.releasedPromise = new Promise<void>((resolve, reject) => {
      this.resolveReleased = resolve;
      this.rejectReleased = reject;
    });
    // A failure in one phase rejects the later ones too, which may not be awaited.
    this.searchedPromise.catch(() => undefined);
    this.releasedPromise.catch(() => undefined);
    pool.listen(
      (msg) => {
        if (this.failure !== undefined || this.phase === "over") return;
        try {
          switch (msg.type) {
            case "ready":
              this.ready.add(msg.from);
              if (this.ready.size === pool.size) {
                // The timer may not have run yet although the deadline has passed (a timeout of 0 ms
                // always has by now): the workers must not be let go on, whatever they did so far.
                if (this.timedOut()) this.stop("timeout");
                else if (this.ending === undefined) this.broadcast({ type: "go" });
              }
              break;
            case "expansions":
              model.ingest(msg);
              break;
            case "status":
              this.onStatus(msg);
              break;
            case "searched":
              if (this.ending === undefined) {
                // Its search was stopped where it runs (a signal to its process): its shard is not explored.
                this.fail(`worker ${msg.from} stopped before the search ended (it was stopped where it runs); the exploration is incomplete and no result is given`);
                break;
              }
              this.searchedBy.add(msg.from);
              model.searchEnded(msg.from);
              if (this.searchedBy.size === pool.size) {
                this.phase = "replay";
                this.progress(true);
                this.resolveSearched(this.ending === "finish" ? { complete: true } : { complete: false, stopReason: this.stopReason ?? "signal" });
              }
              break;
            case "done":
              model.addWorkerEnd(msg.reconcilesExecuted, msg.reconcilesReplayed, msg.nondeterministic);
              this.done.add(msg.from);
              if (this.done.size === pool.size) {
                this.phase = "over";
                this.cleanup();
                this.resolveReleased();
              }
              break;
            case "failed":
              this.fail(`worker ${msg.from} failed: ${msg.message}`);
              break;
          }
        } catch (e) {
          this.fail(e instanceof Error ? e.message : String(e));
        }
      },
      (shard, reason) => {
        if (this.done.has(shard)) return;
        this.fail(`worker ${shard} was lost before the exploration ended (${reason}); the exploration is incomplete and no result is given`);
      },
    );
    if (opts.signal?.aborted) this.onAbort();
    else opts.signal?.addEventListener("abort", this.onAbort, { once: true });
    // Counted from the start, as the workers may explore before they are all ready (see `ShardLink.keepsEarlyMessages`).
    if (this.deadline !== Infinity) this.timers.push(setTimeout(() => this.stop("timeout"), Math.max(0, this.deadline - performance.now())));
  }

  /** Resolves when every worker has ended its search (and sent every expansion it made). */
  searched(): Promise<SearchEnd> {
    return this.searchedPromise;
  }

  /** Sends a request to expand states to `shard` (during the replay). */
  send(shard: number, msg: ExpandMessage): void {
    if (this.failure === undefined) this.pool.send(shard, msg);
  }

  /** Releases the workers; resolves when every one has sent `done` (its counters are then in the model). */
  release(): Promise<void> {
    if (this.phase === "replay") {
      this.phase = "release";
      this.broadcast({ type: "release" });
    }
    return this.releasedPromise;
  }

  /** Stops timers and listeners (after a failure elsewhere, too). */
  cleanup(): void {
    for (const t of this.timers) clearTimeout(t);
    this.opts.signal?.removeEventListener("abort", this.onAbort);
  }

  private fail(message: string): void {
    if (this.failure !== undefined || this.phase === "over") return;
    const e = new KameraError(message);
    this.failure = e;
    this.cleanup();
    this.model.fail(e);
    this.rejectSearched(e);
    this.rejectReleased(e);
  }

  /** Whether `timeoutMs` has passed (the single-worker checker's test, `now > deadline`). */
  private timedOut(): boolean {
    return performance.now() > this.deadline;
  }

  private broadcast(msg: ControlMessage): void {
    for (let i = 0; i < this.pool.size; i++) this.pool.send(i, msg);
  }

  /** A bound, the timeout or the signal: during the search, the workers stop; during the replay, it asks for no more expansions. */
  private stop(reason: StopReason): void {
    if (this.phase === "replay") {
      if (reason === "timeout" || reason === "signal") this.model.stopAsking(reason);
      return;
    }
    if (this.phase !== "search" || this.ending !== undefined) return;
    this.ending = "stop";
    this.stopReason = reason;
    this.broadcast(reason === "maxStates" ? { type: "stop", betweenStates: true } : { type: "stop" });
  }

  private onStatus(msg: StatusMessage): void {
    if (this.phase !== "search") return;
    if (msg.wave >= 0) {
      if (this.waveSnapshot !== undefined && msg.wave === this.wave) this.onWaveReply(msg);
      return;
    }
    this.latest[msg.from] = msg;
    if (this.opts.maxStates !== undefined && this.latest.reduce((a, s) => a + (s?.states ?? 0), 0) >= this.opts.maxStates) this.stop("maxStates");
    this.progress(false);
    if (msg.idle) this.maybeProbe();
  }

  /** Starts a probe wave when every worker last said idle and as many messages were received as sent. */
  private maybeProbe(): void {
    if (this.ending !== undefined || this.waveSnapshot !== undefined) return;
    if (!this.latest.every((s) => s?.idle)) return;
    const sent = this.latest.reduce((a, s) => a + s!.sent, 0);
    const received = this.latest.reduce((a, s) => a + s!.received, 0);
    if (sent !== received) return;
    this.wave++;
    this.waveSnapshot = this.latest.map((s) => ({ sent: s!.sent, received: s!.received }));
    this.waveReplies = [];
    this.broadcast({ type: "probe", wave: this.wave });
  }

  /** The second wave agrees with the first and nothing moved in between: no message is in flight and no worker has work. */
  private onWaveReply(msg: StatusMessage): void {
    this.waveReplies.push(msg);
    if (this.waveReplies.length < this.pool.size) return;
    const snapshot = this.waveSnapshot!;
    this.waveSnapshot = undefined;
    const quiet = this.waveReplies.every((r) => r.idle && r.sent === snapshot[r.from]!.sent && r.received === snapshot[r.from]!.received);
    if (quiet && this.ending === undefined) {
      // The timer may not have run yet: a passed deadline wins over finishing, as in a single-worker
      // run, which checks it before each state and so before it finds its frontier empty.
      if (this.timedOut()) this.stop("timeout");
      else {
        this.ending = "finish";
        this.broadcast({ type: "finish" });
      }
      return;
    }
    this.maybeProbe();
  }

  private progress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastProgress < (this.opts.progressIntervalMs ?? 200)) return;
    this.lastProgress = now;
    const listeners = [this.opts.onProgress, ...(this.opts.observers ?? []).map((o) => o.progress?.bind(o))].filter((f) => f !== undefined);
    if (listeners.length === 0) return;
    const stats = aggregate(this.latest, this.model, this.startedAt);
    for (const f of listeners) f(stats);
  }
}

function aggregate(latest: readonly (StatusMessage | undefined)[], model: ReplayModel, startedAt: number): ExploreStats {
  let states = 0;
  let expanded = 0;
  let transitions = 0;
  for (const s of latest) {
    states += s?.states ?? 0;
    expanded += s?.expanded ?? 0;
    transitions += s?.transitions ?? 0;
  }
  const durationMs = performance.now() - startedAt;
  return {
    statesVisited: expanded,
    uniqueStates: states,
    transitions,
    reconcilesExecuted: model.reconcilesExecuted,
    reconcilesReplayed: model.reconcilesReplayed,
    maxDepth: 0,
    durationMs,
    statesPerSecond: durationMs > 0 ? (states / durationMs) * 1000 : 0,
    frontierSize: Math.max(0, states - expanded),
    collisionProbability: (states * states) / 2 ** 65,
    convergedCount: 0,
    abortedCount: 0,
    engine: "wasm",
  };
}
