import { describe, expect, it } from "vitest";
import type { Core, FrontierKind } from "../../bindings/core.ts";
import { SplitMix64 } from "../../bindings/splitMix64.ts";
import { StateContents } from "../../bindings/stateContents.ts";
import { SuccessorBatch } from "../../bindings/successorBatch.ts";
import { analyzeComponents, analyzePathCounts } from "../../src/results/graphAnalysis.ts";
import { fingerprintFromScratch, fixtureCore, keyHashOf, requestHashOf, versionHashOf } from "./coreFixture.ts";

/** Structural equality of call results (typed arrays, arrays, plain objects, primitives). */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (a.constructor !== b.constructor || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** The same calls on both engines; their results (or their errors) must be identical. */
class Pair {
  calls = 0;
  errors = 0;
  constructor(
    readonly ref: Core,
    readonly wasm: Core,
  ) {}

  run<T>(what: string, f: (c: Core) => T): T | undefined {
    this.calls++;
    let refOut: T | undefined;
    let refErr: unknown;
    let wasmOut: T | undefined;
    let wasmErr: unknown;
    try {
      refOut = f(this.ref);
    } catch (e) {
      refErr = e;
    }
    try {
      wasmOut = f(this.wasm);
    } catch (e) {
      wasmErr = e;
    }
    // expect() only on a difference, for its report: it is too slow for every one of these calls.
    if (String(wasmErr) !== String(refErr)) expect(String(wasmErr), `${what}: error`).toBe(String(refErr));
    if (refErr !== undefined) {
      this.errors++;
      return undefined;
    }
    if (!same(wasmOut, refOut)) expect(wasmOut, what).toEqual(refOut);
    return refOut;
  }
}

interface Universe {
  keys: number;
  versions: number;
  requests: number;
}

/** Drives both engines through `ops` seeded random operations. */
async function runDifferential(seed: number, frontier: FrontierKind, u: Universe, ops: number, wasmBuild: "release" | "debug" = "debug") {
  // Start with half the ids registered; the rest arrive during the run, as interning does.
  const initial = { keys: u.keys >> 1, versions: u.versions >> 1, requests: u.requests >> 1 };
  const ref = await fixtureCore("reference", { frontier, seed }, initial);
  const wasm = await fixtureCore("wasm", { frontier, seed, wasmBuild }, initial);
  const pair = new Pair(ref, wasm);
  // Each engine reads into its own reusable holder, as the explorer would.
  const holders = new Map<Core, StateContents>([
    [ref, new StateContents()],
    [wasm, new StateContents()],
  ]);
  const readState = (c: Core, s: number) => {
    const h = c.readState(s, holders.get(c)!);
    return [h.depth, h.slots.slice(), h.pending.slice()];
  };
  const registered = { ...initial };
  const rng = new SplitMix64(BigInt(seed) * 7919n + 17n);
  const below = (n: number): number => rng.below(n);
  const chance = (p: number): boolean => below(1_000_000) < p * 1_000_000;

  const randomChanges = (): number[] => {
    const out: number[] = [];
    const used = new Set<number>();
    const n = below(4);
    for (let i = 0; i < n; i++) {
      const k = below(registered.keys);
      if (used.has(k)) continue;
      used.add(k);
      out.push(k, chance(0.2) ? 0 : 1 + below(registered.versions));
    }
    return out;
  };
  const randomPending = (): number[] => {
    const out: number[] = [];
    for (let r = 0; r < registered.requests; r++) if (chance(0.3)) out.push(r);
    return out;
  };
  const randomCursors = (): number[] => (chance(0.7) ? [] : Array.from({ length: 2 * (1 + below(2)) }, () => below(3)));
  const record = (step: number): number[] => {
    const c = randomChanges();
    const p = randomPending();
    const k = randomCursors();
    return [step, c.length / 2, ...c, p.length, ...p, k.length / 2, ...k, below(6)];
  };

  let step = 0;
  let current = 0;
  // Arguments are drawn before the call: the same values must go to both engines.
  const [slots0, pending0, cursors0] = [randomChanges(), randomPending(), randomCursors()].map((a) => Uint32Array.from(a));
  pair.run("addInitial", (c) => c.addInitial(slots0!, pending0!, cursors0!));
  for (let op = 0; op < ops; op++) {
    const states = ref.stateCount();
    const parent = chance(0.75) ? current : below(states);
    const roll = below(100);
    if (roll < 40) {
      const priority = chance(0.5) ? below(10) : chance(0.5) ? undefined : below(1000) / 7 - 50;
      const [changed, pending, cursors] = [randomChanges(), randomPending(), randomCursors()].map((a) => Uint32Array.from(a));
      const packed = chance(0.3);
      const r = packed
        ? pair.run("addSuccessorPacked", (c) => c.addSuccessorPacked(parent, step, changed!, pending!, cursors!, priority))
        : pair.run("addSuccessor", (c) => c.addSuccessor(parent, step, changed!, pending!, cursors!, priority));
      step++;
      const added = typeof r === "number" ? { stateId: r >>> 1, isNew: (r & 1) === 1 } : r;
      if (added?.isNew && chance(0.5)) current = added.stateId;
    } else if (roll < 52) {
      const batch: number[] = [];
      for (let i = 1 + below(4); i > 0; i--) batch.push(...record(step++));
      const records = batch.length === 0 ? 0 : (() => {
        let n = 0;
        for (let i = 0; i < batch.length; n++) {
          let j = i + 2 + 2 * batch[i + 1]!;
          j += 1 + batch[j]!;
          i = j + 1 + 2 * batch[j]! + 1;
        }
        return n;
      })();
      if (chance(0.2)) {
        // Fractional priorities, now and then one too few.
        const priorities = Float64Array.from({ length: records - (chance(0.1) ? 1 : 0) }, () => below(1000) / 7 - 50);
        pair.run("addSuccessors (priorities)", (c) => c.addSuccessors(parent, Uint32Array.from(batch), priorities));
      } else if (chance(0.5)) {
        pair.run("addSuccessors", (c) => c.addSuccessors(parent, Uint32Array.from(batch)));
      } else {
        // The same records through the batch builder.
        const built = new SuccessorBatch();
        for (let i = 0; i < batch.length; ) {
          const nc = batch[i + 1]!;
          const changed = batch.slice(i + 2, i + 2 + 2 * nc);
          let j = i + 2 + 2 * nc;
          const pending = batch.slice(j + 1, j + 1 + batch[j]!);
          j += 1 + batch[j]!;
          const cursors = batch.slice(j + 1, j + 1 + 2 * batch[j]!);
          j += 1 + 2 * batch[j]!;
          built.add(batch[i]!, changed, pending, cursors, batch[j]!);
          i = j + 1;
        }
        expect([...built.words()]).toEqual(batch);
        pair.run("addSuccessors (built)", (c) => c.addSuccessors(parent, built.words()));
      }
    } else if (roll < 75) {
      const s = pair.run("next", (c) => c.next());
      if (s !== undefined && s >= 0) current = s;
    } else if (roll < 78) {
      const s = below(states);
      const priority = below(8);
      pair.run("push", (c) => c.push(s, priority));
    } else if (roll < 80) {
      const s = below(states);
      const v = below(50);
      pair.run("setDepth", (c) => c.setDepth(s, v));
      pair.run("setFlags", (c) => c.setFlags(s, v * 5));
    } else if (roll < 84) {
      // Interning a new id: register it in both.
      const which = below(3);
      if (which === 0 && registered.keys < u.keys) {
        const id = registered.keys++;
        pair.run("registerKey", (c) => c.registerKey(id, keyHashOf(id)));
      } else if (which === 1 && registered.versions < u.versions) {
        const id = ++registered.versions;
        pair.run("registerVersion", (c) => c.registerVersion(id, versionHashOf(id)));
      } else if (registered.requests < u.requests) {
        const id = registered.requests++;
        pair.run("registerRequest", (c) => c.registerRequest(id, requestHashOf(id)));
      }
    } else if (roll < 87) {
      // Mistakes: both engines must reject them alike and change nothing.
      const kind = below(5);
      if (kind === 0) pair.run("bad key", (c) => c.addSuccessor(parent, step, Uint32Array.from([u.keys + 5, 1]), new Uint32Array(0), new Uint32Array(0)));
      else if (kind === 1) pair.run("repeated key", (c) => c.addSuccessor(parent, step, Uint32Array.from([0, 1, 0, 1]), new Uint32Array(0), new Uint32Array(0)));
      else if (kind === 2) {
        const missing = states + below(3);
        pair.run("unknown parent", (c) => c.addSuccessor(missing, step, new Uint32Array(0), new Uint32Array(0), new Uint32Array(0)));
      }
      else if (kind === 3) {
        const batch = Uint32Array.from([...record(step), ...record(step + 1).slice(0, 3)]);
        pair.run("truncated batch", (c) => c.addSuccessors(parent, batch));
      }
      else pair.run("bad pending", (c) => c.addSuccessor(parent, step, new Uint32Array(0), Uint32Array.from([1, 0]), new Uint32Array(0)));
    } else if (roll < 97) {
      const s = below(states);
      pair.run("slots", (c) => c.slots(s));
      pair.run("pending", (c) => c.pending(s));
      pair.run("cursors", (c) => c.cursors(s));
      pair.run("readState", (c) => readState(c, s));
      pair.run("fingerprint", (c) => c.fingerprint(s));
      pair.run("depth", (c) => [c.depth(s), c.flags(s), c.frontierSize(), c.edgeCount()]);
      pair.run("successors", (c) => c.successors(s));
      pair.run("predecessors", (c) => c.predecessors(s));
      pair.run("shortestPath", (c) => c.shortestPath(s));
    } else {
      pair.run("pathCounts", (c) => c.pathCounts());
      pair.run("components", (c) => c.components());
    }
  }

  // Everything, at the end.
  const n = ref.stateCount();
  expect(wasm.stateCount()).toBe(n);
  expect(wasm.edgeCount()).toBe(ref.edgeCount());
  for (let s = 0; s < n; s++) {
    const fp = pair.run("fingerprint", (c) => c.fingerprint(s))!;
    const slots = pair.run("slots", (c) => c.slots(s))!;
    const pending = pair.run("pending", (c) => c.pending(s))!;
    const cursors = pair.run("cursors", (c) => c.cursors(s))!;
    expect(fp).toBe(fingerprintFromScratch(slots, pending, cursors));
    const read = pair.run("readState", (c) => readState(c, s))!;
    expect(read).toEqual([ref.depth(s), slots, pending]);
    pair.run("lookup", (c) => c.lookup(fp));
    pair.run("state", (c) => [c.depth(s), c.flags(s)]);
    pair.run("successors", (c) => c.successors(s));
    pair.run("predecessors", (c) => c.predecessors(s));
    pair.run("shortestPath", (c) => c.shortestPath(s));
  }
  for (let e = 0; e < ref.edgeCount(); e++) pair.run("edge", (c) => c.edge(e));
  const counts = pair.run("pathCounts", (c) => c.pathCounts())!;
  const comps = pair.run("components", (c) => c.components())!;
  // The result layer's own analyses of the same graph agree with the core's.
  expect(analyzeComponents(wasm)).toEqual(comps);
  expect(analyzePathCounts(wasm)).toEqual(counts);
  const order: number[] = [];
  for (let s = pair.run("next", (c) => c.next())!; s >= 0; s = pair.run("next", (c) => c.next())!) order.push(s);
  return { states: n, edges: ref.edgeCount(), calls: pair.calls, errors: pair.errors, popped: order.length };
}

const SMALL: Universe = { keys: 4, versions: 3, requests: 3 };
const LARGE: Universe = { keys: 64, versions: 40, requests: 6 };

describe("the Wasm and reference engines under the same random operations", () => {
  for (const frontier of ["dfs", "bfs", "random", "priority"] as const) {
    it(`agree on everything with a ${frontier} frontier over a small world full of revisits and cycles`, async () => {
      const r = await runDifferential(11, frontier, SMALL, 2500);
      expect(r.states).toBeGreaterThan(50);
      expect(r.edges).toBeGreaterThan(r.states);
      expect(r.errors).toBeGreaterThan(0);
    });

    it(`agree on everything with a ${frontier} frontier over a large world with deep chains`, async () => {
      const r = await runDifferential(23, frontier, LARGE, 2500);
      expect(r.states).toBeGreaterThan(500);
    });
  }

  it("agree with the release build too, across several seeds", async () => {
    for (const seed of [1, 2, 3]) {
      const r = await runDifferential(seed, seed === 2 ? "bfs" : "dfs", seed === 3 ? SMALL : LARGE, 1500, "release");
      expect(r.calls).toBeGreaterThan(1500);
    }
  });
});
