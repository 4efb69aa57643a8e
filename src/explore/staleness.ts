import { KameraError } from "../kameraError.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { Effect } from "../apiserver/effect.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";

/**
 * Options of `eb.withStaleness(reconcilerId, opts)`: how far back a restarted view may lag, per
 * kind (`0` = any history position), and how many restarts one execution path may take.
 *
 * @example
 * ```ts
 * eb.withStaleness("ZookeeperReconciler", { lookback: { "zookeeper.pravega.io/ZookeeperCluster": 4 }, maxRestarts: 1 });
 * ```
 */
export interface StalenessOptions {
  lookback: Record<string, number>;
  maxRestarts?: number;
}

/** The objects of one kind as they were after one write (a history position). */
export interface Snapshot {
  /** Content hash of the objects (stable across runs; part of state identity). */
  hash: bigint;
  /** Global sequence number of the write that produced it (path-dependent, shown in results). */
  revision: number;
  /** Sorted by namespace, name. */
  objects: readonly KubeObject[];
}

/** One restartable reconciler's position: restarts used on this path and, per configured kind, where its watch is stuck. */
interface Cursor {
  restarts: number;
  /** Index-aligned with the reconciler's configured kinds; undefined = live (fresh). */
  pins: readonly (Snapshot | undefined)[];
}

/** The staleness part of a state: cursors of every restartable reconciler and the history they can still reach. */
export interface StaleState {
  cursors: readonly Cursor[];
  /** Per tracked kind, oldest first; the last entry is always the current world's objects of that kind. */
  history: ReadonlyMap<string, readonly Snapshot[]>;
}

const NO_OVERRIDES: ReadonlyMap<string, Snapshot> = new Map();

/** One way to run a reconciler from a state: its view overrides and the cursors after taking it. */
export interface ViewChoice {
  /** Kinds read from history instead of the true world. */
  overrides: ReadonlyMap<string, Snapshot>;
  /** For the step: position (revision) per stale kind. */
  staleView?: Record<string, number>;
  cursorsAfter: StaleState;
}

interface Configured {
  reg: number;
  kinds: string[];
  lookback: number[];
  maxRestarts: number;
}

const UNPINNED = 0xffffffff;

function hi(h: bigint): number {
  return Number((h >> 32n) & 0xffffffffn);
}
function lo(h: bigint): number {
  return Number(h & 0xffffffffn);
}

/**
 * Controller restarts against a lagging API server (semantics.md "Staleness"): which views a
 * restartable reconciler may take, how taking one pins its watch, how writes extend the history,
 * and how all of it is encoded into the core's cursor vector so that it is part of state identity.
 * History that no cursor can reach any more is dropped, so long explorations do not carry
 * ever-growing logs.
 */
export class StalenessModel {
  private readonly configured: Configured[] = [];
  private readonly byReg = new Map<number, number>();
  /** Tracked kinds, sorted, with the history window each needs (0 = unbounded). */
  private readonly window = new Map<string, number>();
  private readonly trackedKinds: string[];

  constructor(
    options: ReadonlyMap<string, StalenessOptions>,
    regs: readonly ControllerRegistration[],
    private readonly snapshotOf: (kind: string, objects: readonly KubeObject[], revision: number) => Snapshot,
  ) {
    for (const [id, opts] of [...options].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const reg = regs.findIndex((r) => r.id === id);
      if (reg < 0) throw new KameraError(`withStaleness names unknown reconciler "${id}"`);
      const kinds = Object.keys(opts.lookback).sort();
      const lookback = kinds.map((k) => opts.lookback[k]!);
      this.byReg.set(reg, this.configured.length);
      this.configured.push({ reg, kinds, lookback, maxRestarts: opts.maxRestarts ?? 1 });
      kinds.forEach((k, i) => {
        const l = lookback[i]!;
        const prev = this.window.get(k);
        this.window.set(k, prev === undefined ? l : prev === 0 || l === 0 ? 0 : Math.max(prev, l));
      });
    }
    this.trackedKinds = [...this.window.keys()].sort();
  }

  private readonly liveViews = new WeakMap<StaleState, readonly ViewChoice[]>();

  get enabled(): boolean {
    return this.configured.length > 0;
  }

  /** The staleness state of the initial state, from the history the initial state was built with. */
  initial(history: ReadonlyMap<string, readonly Snapshot[]>): StaleState {
    const cursors = this.configured.map((c) => ({ restarts: 0, pins: c.kinds.map(() => undefined) }));
    const h = new Map<string, readonly Snapshot[]>();
    for (const k of this.trackedKinds) h.set(k, history.get(k) ?? []);
    return this.collect({ cursors, history: h });
  }

  /** Whether the reconciler's watch of `kind` is stuck in the past (it is then not re-triggered by writes to it). */
  isPinned(st: StaleState, reg: number, kind: string): boolean {
    const i = this.byReg.get(reg);
    if (i === undefined) return false;
    const k = this.configured[i]!.kinds.indexOf(kind);
    return k >= 0 && st.cursors[i]!.pins[k] !== undefined;
  }

  /**
   * The views a reconciler may run with: first its current one (pinned kinds from history), then,
   * if its path has restarts left, every other combination of allowed positions of its configured
   * kinds (the latest position meaning a live watch).
   */
  views(st: StaleState, reg: number): readonly ViewChoice[] {
    const i = this.byReg.get(reg);
    if (i === undefined) {
      // A reconciler without staleness has one live view per staleness state: asked for every pending reconcile of every state, so kept.
      let live = this.liveViews.get(st);
      if (live === undefined) this.liveViews.set(st, (live = [{ overrides: NO_OVERRIDES, cursorsAfter: st }]));
      return live;
    }
    const c = this.configured[i]!;
    const cursor = st.cursors[i]!;
    const current = this.viewOf(c, cursor.pins);
    const out: ViewChoice[] = [{ ...current, cursorsAfter: st }];
    if (cursor.restarts >= c.maxRestarts) return out;
    // Allowed positions per kind: the last `lookback` history entries (all when 0); the last is live.
    const options = c.kinds.map((k, j) => {
      const hist = st.history.get(k) ?? [];
      const l = c.lookback[j]!;
      const from = l === 0 ? 0 : Math.max(0, hist.length - l);
      const positions: (Snapshot | undefined)[] = hist.slice(from, Math.max(from, hist.length - 1));
      positions.push(undefined);
      return positions;
    });
    const combo = options.map(() => 0);
    for (;;) {
      const pins = combo.map((p, j) => options[j]![p]);
      const same = pins.every((p, j) => p === cursor.pins[j] || (p !== undefined && cursor.pins[j] !== undefined && p.hash === cursor.pins[j]!.hash));
      if (!same) {
        const cursors = st.cursors.map((cur, ci) => (ci === i ? { restarts: cur.restarts + 1, pins } : cur));
        out.push({ ...this.viewOf(c, pins), cursorsAfter: this.collect({ cursors, history: st.history }) });
      }
      let j = combo.length - 1;
      while (j >= 0 && combo[j] === options[j]!.length - 1) combo[j--] = 0;
      if (j < 0) break;
      combo[j]!++;
    }
    return out;
  }

  private viewOf(c: Configured, pins: readonly (Snapshot | undefined)[]): Omit<ViewChoice, "cursorsAfter"> {
    const overrides = new Map<string, Snapshot>();
    let staleView: Record<string, number> | undefined;
    pins.forEach((p, j) => {
      if (!p) return;
      overrides.set(c.kinds[j]!, p);
      (staleView ??= {})[c.kinds[j]!] = p.revision;
    });
    return staleView ? { overrides, staleView } : { overrides };
  }

  /** The history after a reconcile's writes: one new position per write to a tracked kind. */
  afterWrites(st: StaleState, effects: readonly Effect[]): StaleState {
    if (this.trackedKinds.length === 0 || st.history.size === 0) return st;
    let history: Map<string, readonly Snapshot[]> | undefined;
    for (const e of effects) {
      const hist = (history ?? st.history).get(e.kind);
      if (!hist) continue;
      const last = hist[hist.length - 1];
      const objs = (last?.objects ?? []).filter((o) => (o.metadata?.namespace ?? "") !== e.namespace || o.metadata?.name !== e.name);
      if (e.after && e.op !== "REMOVE") objs.push(e.after);
      objs.sort((a, b) => cmp(a.metadata?.namespace ?? "", b.metadata?.namespace ?? "") || cmp(a.metadata?.name ?? "", b.metadata?.name ?? ""));
      const revision = Number(e.after?.metadata?.resourceVersion ?? 0) || (last?.revision ?? 0) + 1;
      history ??= new Map(st.history);
      history.set(e.kind, [...hist, this.snapshotOf(e.kind, objs, revision)]);
    }
    return history ? this.collect({ cursors: st.cursors, history }) : st;
  }

  /** Drops history no cursor can reach: beyond every window, or all of it once no path restarts remain. */
  private collect(st: StaleState): StaleState {
    const canRestart = this.configured.filter((c, i) => st.cursors[i]!.restarts < c.maxRestarts);
    const history = new Map<string, readonly Snapshot[]>();
    for (const k of this.trackedKinds) {
      let need = -1; // -1: unreachable; 0: all
      for (const c of canRestart) {
        const j = c.kinds.indexOf(k);
        if (j < 0) continue;
        const l = c.lookback[j]!;
        need = need === 0 || l === 0 ? 0 : Math.max(need, l);
      }
      const hist = st.history.get(k) ?? [];
      // The latest entry is kept even when no restart can reach back: it is where the next write appends.
      if (need < 0) history.set(k, hist.slice(-1));
      else history.set(k, need === 0 ? hist : hist.slice(-need));
    }
    return { cursors: st.cursors, history };
  }

  /** The cursor vector for the core: restarts and pins per reconciler, then the reachable history. */
  encode(st: StaleState): Uint32Array {
    const out: number[] = [];
    st.cursors.forEach((cur, i) => {
      out.push(i, cur.restarts);
      for (const p of cur.pins) out.push(p ? hi(p.hash) : UNPINNED, p ? lo(p.hash) : UNPINNED);
    });
    for (const k of this.trackedKinds) {
      const hist = st.history.get(k) ?? [];
      // Only positions some restart can still take matter; the live (last) one is the world itself.
      const reach = hist.length > 1 ? hist.slice(0, -1) : [];
      out.push(0xfffffffe, reach.length);
      for (const s of reach) out.push(hi(s.hash), lo(s.hash));
    }
    return Uint32Array.from(out);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
