import { describe, expect, it } from "vitest";
import { PATH_INFINITE, PATH_OVERFLOW, type Engine } from "../../bindings/core.ts";
import { CoreError } from "../../bindings/coreError.ts";
import { StateContents } from "../../bindings/stateContents.ts";
import { SuccessorBatch } from "../../bindings/successorBatch.ts";
import { NONE, drain, fingerprintFromScratch, fixtureCore, graphCore } from "./coreFixture.ts";

const u32 = (...xs: number[]): Uint32Array => new Uint32Array(xs);
const MAX_U64 = (1n << 64n) - 1n;

/**
 * The behaviour bindings/core.ts specifies, checked against one engine. `chainStates` sizes the
 * long-chain test (the reference engine, with BigInt hashing, is given a shorter chain).
 */
export function coreContract(engine: Engine, chainStates = 200_000): void {
  describe(`${engine} core: states`, () => {
    it("the initial state is state 0 at depth 0, slots sorted by key, absent versions dropped", async () => {
      const core = await fixtureCore(engine);
      expect(core.addInitial(u32(5, 2, 1, 3, 3, 0), u32(1, 4), u32(7, 8))).toBe(0);
      expect([...core.slots(0)]).toEqual([1, 3, 5, 2]);
      expect([...core.pending(0)]).toEqual([1, 4]);
      expect([...core.cursors(0)]).toEqual([7, 8]);
      expect(core.depth(0)).toBe(0);
      expect(core.stateCount()).toBe(1);
      expect(core.edgeCount()).toBe(0);
    });

    it("a successor is its parent with the changes applied, version 0 removing a slot", async () => {
      const core = await fixtureCore(engine);
      core.addInitial(u32(0, 1, 1, 1, 2, 1), u32(0), NONE);
      const r = core.addSuccessor(0, 7, u32(1, 0, 3, 4, 0, 2), u32(2, 3), u32(1, 1));
      expect(r).toEqual({ stateId: 1, isNew: true });
      expect([...core.slots(1)]).toEqual([0, 2, 2, 1, 3, 4]);
      expect([...core.pending(1)]).toEqual([2, 3]);
      expect([...core.cursors(1)]).toEqual([1, 1]);
      expect([...core.slots(0)]).toEqual([0, 1, 1, 1, 2, 1]);
      expect(core.edge(0)).toEqual([0, 1, 7]);
    });

    it("a successor with the content of an existing state is that state", async () => {
      const core = await fixtureCore(engine);
      core.addInitial(u32(0, 1), u32(1), NONE);
      core.addSuccessor(0, 0, u32(0, 2), u32(1), NONE);
      expect(core.addSuccessor(1, 1, u32(0, 1), u32(1), NONE)).toEqual({ stateId: 0, isNew: false });
      expect(core.addSuccessor(0, 2, u32(1, 0), u32(1), NONE)).toEqual({ stateId: 0, isNew: false });
      expect(core.addSuccessor(0, 3, u32(0, 2), u32(1), NONE)).toEqual({ stateId: 1, isNew: false });
      expect(core.stateCount()).toBe(2);
      expect(core.edgeCount()).toBe(4);
    });

    it("fingerprints are the sums of slot, request and cursor terms, whatever the listing order", async () => {
      const a = await fixtureCore(engine);
      const b = await fixtureCore(engine);
      a.addInitial(u32(1, 1, 4, 2, 6, 3), u32(0, 5), u32(3, 4, 5, 6));
      b.addInitial(u32(6, 3, 1, 1, 4, 2), u32(0, 5), u32(3, 4, 5, 6));
      expect(a.fingerprint(0)).toBe(b.fingerprint(0));
      expect(a.fingerprint(0)).toBe(fingerprintFromScratch(a.slots(0), a.pending(0), a.cursors(0)));
      a.addSuccessor(0, 0, u32(4, 0, 7, 5), u32(5), u32(3, 4));
      expect(a.fingerprint(1)).toBe(fingerprintFromScratch(a.slots(1), a.pending(1), a.cursors(1)));
      expect(a.lookup(a.fingerprint(1))).toBe(1);
      expect(a.lookup(a.fingerprint(1) ^ 1n)).toBe(-1);
    });

    it("cursor pairs are hashed with their position, so swapping two pairs is another state", async () => {
      const core = await fixtureCore(engine);
      core.addInitial(NONE, NONE, u32(1, 2, 3, 4));
      expect(core.addSuccessor(0, 0, NONE, NONE, u32(3, 4, 1, 2)).isNew).toBe(true);
    });

    it("a change that leaves a slot as it was is no change", async () => {
      const core = await fixtureCore(engine);
      core.addInitial(u32(0, 1), NONE, NONE);
      expect(core.addSuccessor(0, 0, u32(0, 1, 3, 0), NONE, NONE)).toEqual({ stateId: 0, isNew: false });
    });

    it("states stay exact along chains far longer than the snapshot interval, read in any order", async () => {
      const core = await fixtureCore(engine, {}, { keys: 40, versions: 9 });
      const model: Map<number, number>[] = [new Map()];
      core.addInitial(NONE, NONE, NONE);
      let x = 12345;
      const rand = (n: number): number => {
        x = (x * 1103515245 + 12345) >>> 0;
        return (x >>> 8) % n;
      };
      for (let s = 1; s < 400; s++) {
        // Mostly extend the newest state; sometimes branch from an older one.
        const parent = rand(4) === 0 ? rand(s) : s - 1;
        const world = new Map(model[parent]!);
        const changed: number[] = [];
        const keys = new Set<number>();
        for (let c = 0; c < 1 + rand(3); c++) keys.add(rand(40));
        for (const k of keys) {
          const v = rand(10);
          changed.push(k, v);
          if (v === 0) world.delete(k);
          else world.set(k, v);
        }
        const r = core.addSuccessor(parent, s, Uint32Array.from(changed), NONE, u32(s, 0));
        expect(r).toEqual({ stateId: s, isNew: true });
        model.push(world);
      }
      for (const s of [399, 0, 200, 64, 65, 128, 1, 398, 333, 2, 199]) {
        const expected = [...model[s]!.entries()].sort((a, b) => a[0] - b[0]).flat();
        expect([...core.slots(s)]).toEqual(expected);
      }
      for (let s = 0; s < 400; s++) {
        expect(core.fingerprint(s)).toBe(fingerprintFromScratch(core.slots(s), core.pending(s), core.cursors(s)));
      }
    });

    it("a new state's depth is its parent's plus one; a shorter edge lowers it without propagating", async () => {
      const core = await graphCore(engine, 4, [
        [0, 1],
        [1, 2],
        [2, 3],
      ]);
      expect([0, 1, 2, 3].map((s) => core.depth(s))).toEqual([0, 1, 2, 3]);
      core.addSuccessor(0, 9, u32(0, 3), NONE, NONE);
      expect([0, 1, 2, 3].map((s) => core.depth(s))).toEqual([0, 1, 1, 3]);
      core.setDepth(3, 7);
      expect(core.depth(3)).toBe(7);
    });

    it("flags start at 0 and keep what the host sets", async () => {
      const core = await graphCore(engine, 2, [[0, 1]]);
      expect(core.flags(1)).toBe(0);
      core.setFlags(1, 0xa5);
      expect(core.flags(1)).toBe(0xa5);
      expect(core.flags(0)).toBe(0);
    });
  });

  describe(`${engine} core: frontier`, () => {
    async function fanOut(frontier: "dfs" | "bfs" | "random" | "priority", seed = 1, priorities?: number[]) {
      const core = await fixtureCore(engine, { frontier, seed }, { keys: 1, versions: 10 });
      core.addInitial(u32(0, 1), NONE, NONE);
      expect(core.next()).toBe(0);
      for (let v = 2; v <= 8; v++) core.addSuccessor(0, v, u32(0, v), NONE, NONE, priorities?.[v - 2]);
      return core;
    }

    it("dfs expands an expansion's successors in the order they were added, first added first", async () => {
      expect(drain(await fanOut("dfs"))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it("dfs goes deep first: successors added after a pop come before the rest of the older batch", async () => {
      const core = await fanOut("dfs");
      expect(core.next()).toBe(1);
      core.addSuccessor(1, 9, u32(0, 9), NONE, NONE);
      core.addSuccessor(1, 10, u32(0, 10), NONE, NONE);
      expect(core.next()).toBe(8);
      expect(core.next()).toBe(9);
      expect(drain(core)).toEqual([2, 3, 4, 5, 6, 7]);
    });

    it("bfs pops states in push order", async () => {
      expect(drain(await fanOut("bfs"))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it("priority pops the highest priority first, ties by lowest state id", async () => {
      const core = await fanOut("priority", 1, [1, 5, -2, 5, 0.5, 5, Infinity]);
      expect(drain(core)).toEqual([7, 2, 4, 6, 1, 5, 3]);
    });

    it("random pops a permutation fixed by the seed", async () => {
      const a = drain(await fanOut("random", 42));
      expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(drain(await fanOut("random", 42))).toEqual(a);
      const others = await Promise.all([1, 2, 3, 4].map(async (seed) => drain(await fanOut("random", seed)).join()));
      expect(others.some((o) => o !== a.join())).toBe(true);
    });

    it("push adds an entry even when the state is already waiting, and next returns −1 when empty", async () => {
      const core = await fanOut("dfs");
      expect(core.next()).toBe(1);
      core.push(3);
      expect(core.frontierSize()).toBe(7);
      expect(core.next()).toBe(3);
      expect(drain(core)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(core.next()).toBe(-1);
      expect(core.frontierSize()).toBe(0);
    });
  });

  describe(`${engine} core: graph`, () => {
    it("an empty core has no states, an empty frontier and empty analyses", async () => {
      const core = await fixtureCore(engine);
      expect(core.stateCount()).toBe(0);
      expect(core.next()).toBe(-1);
      expect(core.pathCounts().counts.length).toBe(0);
      expect(core.components()).toEqual({ componentOf: new Uint32Array(0), count: 0 });
      expect(core.lookup(0n)).toBe(-1);
    });

    it("successors and predecessors list edge ids in insertion order, also when a state's edges come in several runs", async () => {
      const core = await graphCore(engine, 4, [
        [0, 1],
        [0, 2],
        [1, 3],
        [0, 3],
        [2, 1],
        [0, 1],
      ]);
      expect([...core.successors(0)]).toEqual([0, 1, 3, 5]);
      expect([...core.successors(1)]).toEqual([2]);
      expect([...core.successors(3)]).toEqual([]);
      expect([...core.predecessors(1)]).toEqual([0, 4, 5]);
      expect([...core.predecessors(3)]).toEqual([2, 3]);
      expect(core.edge(4)).toEqual([2, 1, 4]);
      for (let e = 0; e < core.edgeCount(); e++) expect(core.edgeTarget(e)).toBe(core.edge(e)[1]);
    });

    it("counts every distinct path of a diamond, parallel edges included", async () => {
      const core = await graphCore(engine, 4, [
        [0, 1],
        [0, 2],
        [1, 3],
        [2, 3],
        [2, 3],
      ]);
      const { counts, flags } = core.pathCounts();
      expect([...counts]).toEqual([1n, 1n, 1n, 3n]);
      expect([...flags]).toEqual([0, 0, 0, 0]);
    });

    it("flags the states behind a self-loop or a cycle as infinite, and no others", async () => {
      const core = await graphCore(engine, 6, [
        [0, 1],
        [1, 1],
        [1, 2],
        [0, 3],
        [3, 4],
        [4, 3],
        [0, 5],
      ]);
      const { flags } = core.pathCounts();
      expect([...flags]).toEqual([0, PATH_INFINITE, PATH_INFINITE, PATH_INFINITE, PATH_INFINITE, 0]);
      const { componentOf, count } = core.components();
      expect(count).toBe(5);
      expect(componentOf[3]).toBe(componentOf[4]);
    });

    it("saturates path counts at 2^64 − 1 and flags overflow past a chain of 64 diamonds", async () => {
      // Level i has a top state t_i; t_i → a_i, t_i → b_i, a_i → t_{i+1}, b_i → t_{i+1}.
      const edges: [number, number][] = [];
      let top = 0;
      const tops = [0];
      for (let level = 0; level < 66; level++) {
        const a = top + 1;
        const b = top + 2;
        const next = top + 3;
        edges.push([top, a], [top, b], [a, next], [b, next]);
        tops.push(next);
        top = next;
      }
      const core = await graphCore(engine, top + 1, edges);
      const { counts, flags } = core.pathCounts();
      expect(counts[tops[63]!]).toBe(1n << 63n);
      expect(flags[tops[63]!]).toBe(0);
      expect(counts[tops[64]!]).toBe(MAX_U64);
      expect(flags[tops[64]!]).toBe(PATH_OVERFLOW);
      expect(counts[tops[66]!]).toBe(MAX_U64);
      expect(flags[tops[66]!]).toBe(PATH_OVERFLOW);
    });

    it("numbers components in order of completion, so edges lead to lower numbers", async () => {
      const core = await graphCore(engine, 5, [
        [0, 1],
        [1, 2],
        [2, 1],
        [2, 3],
        [0, 4],
      ]);
      const { componentOf, count } = core.components();
      expect(count).toBe(4);
      expect([...componentOf]).toEqual([3, 1, 1, 0, 2]);
    });

    it("a shortest path follows the first breadth-first tree edge; state 0's path is empty", async () => {
      const core = await graphCore(engine, 5, [
        [0, 1],
        [0, 2],
        [1, 3],
        [2, 3],
        [3, 4],
        [0, 4],
      ]);
      expect([...core.shortestPath(0)!]).toEqual([]);
      expect([...core.shortestPath(3)!]).toEqual([0, 2]);
      expect([...core.shortestPath(4)!]).toEqual([5]);
      core.addSuccessor(4, 6, u32(0, 1), NONE, NONE);
      expect([...core.shortestPath(4)!]).toEqual([5]);
    });

    it(`components and path counts of a ${chainStates}-state chain and cycle need no recursion`, async () => {
      const n = chainStates;
      const core = await fixtureCore(engine, { expectedStates: n }, { keys: 1, versions: n, requests: 0 });
      core.addInitial(u32(0, 1), NONE, NONE);
      const batch = new Uint32Array([0, 1, 0, 0, 0, 0, 0]);
      for (let s = 0; s + 1 < n; s++) {
        batch[0] = s;
        batch[3] = s + 2;
        core.addSuccessors(s, batch);
      }
      const chain = core.components();
      expect(chain.count).toBe(n);
      expect(chain.componentOf[0]).toBe(n - 1);
      expect(chain.componentOf[n - 1]).toBe(0);
      expect(core.pathCounts().counts[n - 1]).toBe(1n);
      expect(core.shortestPath(n - 1)!.length).toBe(n - 1);
      core.addSuccessor(n - 1, n, u32(0, 1), NONE, NONE);
      expect(core.components().count).toBe(1);
      expect(core.pathCounts().flags[n - 1]).toBe(PATH_INFINITE);
    });
  });

  describe(`${engine} core: bad input`, () => {
    async function started() {
      const core = await fixtureCore(engine);
      core.addInitial(u32(0, 1), u32(1), NONE);
      return core;
    }
    const cases: [string, (c: Awaited<ReturnType<typeof started>>) => unknown, RegExp][] = [
      ["an unknown parent", (c) => c.addSuccessor(5, 0, NONE, NONE, NONE), /addSuccessor: state 5 does not exist/],
      ["a fractional parent", (c) => c.addSuccessor(0.5, 0, NONE, NONE, NONE), /state 0.5 does not exist/],
      ["an unregistered key", (c) => c.addSuccessor(0, 0, u32(99, 1), NONE, NONE), /key id 99 has no registered hash/],
      ["an unregistered version", (c) => c.addSuccessor(0, 0, u32(1, 99), NONE, NONE), /version id 99 has no registered hash/],
      ["an unregistered request", (c) => c.addSuccessor(0, 0, NONE, u32(99), NONE), /request id 99 has no registered hash/],
      ["a repeated key", (c) => c.addSuccessor(0, 0, u32(1, 1, 1, 2), NONE, NONE), /key id 1 appears twice/],
      ["an unsorted pending set", (c) => c.addSuccessor(0, 0, NONE, u32(3, 2), NONE), /strictly ascending; 2 is out of order/],
      ["a repeated pending id", (c) => c.addSuccessor(0, 0, NONE, u32(2, 2), NONE), /strictly ascending; 2 is out of order/],
      ["an odd-length change list", (c) => c.addSuccessor(0, 0, u32(1), NONE, NONE), /changed must hold \(a, b\) pairs/],
      ["a NaN priority", (c) => c.addSuccessor(0, 0, NONE, NONE, NONE, NaN), /priority must be a number/],
      ["a negative step id", (c) => c.addSuccessor(0, -1, NONE, NONE, NONE), /stepId must be an integer/],
      ["a second initial state", (c) => c.addInitial(NONE, NONE, NONE), /addInitial must be called exactly once/],
      ["a hash that changes", (c) => c.registerKey(1, 5n), /id 1 is already registered with a different hash/],
      ["a hash out of range", (c) => c.registerKey(100, 1n << 64n), /hash must be a bigint in \[0, 2\^64\)/],
      ["an id out of range", (c) => c.registerVersion(2 ** 27, 1n), /the id must be an integer in \[0, 134217727\]/],
      ["a batch that ends inside a record", (c) => c.addSuccessors(0, u32(0, 2, 1, 1)), /the batch of 4 u32s ends inside a record \(batch record 0\)/],
      ["a bad record in a batch", (c) => c.addSuccessors(0, u32(0, 0, 0, 0, 0, 1, 1, 0, 99, 0, 0, 0)), /version id 99 has no registered hash; .*\(batch record 1\)/],
      ["flags wider than 8 bits", (c) => c.setFlags(0, 256), /flags must be an integer in \[0, 255\]/],
      ["an unknown edge", (c) => c.edge(0), /edge: edge 0 does not exist/],
      ["the target of an unknown edge", (c) => c.edgeTarget(0), /edgeTarget: edge 0 does not exist/],
      ["an unknown state to read", (c) => c.slots(1), /slots: state 1 does not exist/],
      ["an unknown state to read at once", (c) => c.readState(1, new StateContents()), /readState: state 1 does not exist/],
      ["a packed successor of an unknown state", (c) => c.addSuccessorPacked(3, 0, NONE, NONE, NONE), /addSuccessorPacked: state 3 does not exist/],
    ];
    for (const [what, call, message] of cases) {
      it(`rejects ${what} with a CoreError`, async () => {
        const core = await started();
        let thrown: unknown;
        try {
          call(core);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(CoreError);
        expect((thrown as Error).message).toMatch(message);
      });
    }

    it("rejects addSuccessor before addInitial", async () => {
      const core = await fixtureCore(engine);
      expect(() => core.addSuccessor(0, 0, NONE, NONE, NONE)).toThrow(/there is no initial state yet/);
    });

    it("re-registering an id with the same hash is accepted", async () => {
      const core = await started();
      core.registerKey(50, 0xfeedn);
      expect(() => core.registerKey(50, 0xfeedn)).not.toThrow();
    });

    it("a batch with a bad record changes nothing", async () => {
      const core = await started();
      expect(() => core.addSuccessors(0, u32(0, 1, 2, 2, 0, 0, 0, /* record 1 */ 1, 1, 2, 99, 0, 0, 0))).toThrow(CoreError);
      expect(core.stateCount()).toBe(1);
      expect(core.edgeCount()).toBe(0);
      expect(core.frontierSize()).toBe(1);
    });
  });

  describe(`${engine} core: reading a state at once, packed results`, () => {
    it("readState gives the depth, slots and pending set the single reads give, into a reused holder", async () => {
      const core = await fixtureCore(engine, {}, { keys: 40, versions: 9 });
      const initial: number[] = [];
      for (let k = 0; k < 40; k++) initial.push(k, 1 + (k % 9));
      core.addInitial(Uint32Array.from(initial), u32(0, 2), u32(1, 2));
      let parent = 0;
      for (let i = 0; i < 150; i++) parent = core.addSuccessor(parent, i, u32(i % 40, 1 + ((i * 7) % 9), (i + 3) % 40, 0), i % 2 ? u32(1) : u32(0, 1, 2), NONE).stateId;
      const holder = new StateContents();
      for (const s of [150, 0, 77, 1, 150, 64, 65, 3]) {
        expect(core.readState(s, holder)).toBe(holder);
        expect(holder.depth).toBe(core.depth(s));
        expect([...holder.slots]).toEqual([...core.slots(s)]);
        expect([...holder.pending]).toEqual([...core.pending(s)]);
      }
    });

    it("a holder grows for a state larger than any before and still reads small ones exactly", async () => {
      const core = await fixtureCore(engine, {}, { keys: 200, versions: 3 });
      core.addInitial(u32(0, 1), u32(0), NONE);
      const big: number[] = [];
      for (let k = 1; k < 200; k++) big.push(k, 2);
      core.addSuccessor(0, 0, Uint32Array.from(big), u32(1, 2), NONE);
      const holder = new StateContents();
      core.readState(1, holder);
      expect(holder.slots.length).toBe(400);
      expect([...holder.pending]).toEqual([1, 2]);
      core.readState(0, holder);
      expect([...holder.slots]).toEqual([0, 1]);
      expect([...holder.pending]).toEqual([0]);
    });

    it("addSuccessorPacked answers (childId << 1) | isNew and has addSuccessor's effects", async () => {
      const core = await fixtureCore(engine);
      core.addInitial(u32(0, 1), u32(1), NONE);
      expect(core.addSuccessorPacked(0, 7, u32(0, 2), u32(1), NONE)).toBe((1 << 1) | 1);
      expect(core.addSuccessorPacked(1, 8, u32(0, 1), u32(1), NONE)).toBe(0 << 1);
      expect(core.addSuccessorPacked(1, 9, u32(1, 1), NONE, NONE, 3)).toBe((2 << 1) | 1);
      expect(core.stateCount()).toBe(3);
      expect(core.edge(1)).toEqual([1, 0, 8]);
      expect(core.depth(2)).toBe(2);
      expect(() => core.addSuccessorPacked(0, 10, u32(0, 1, 0, 2), NONE, NONE)).toThrow(/addSuccessorPacked: key id 0 appears twice/);
    });
  });

  describe(`${engine} core: batches`, () => {
    it("a batch gives the same children, edges and frontier as its records added one by one", async () => {
      const one = await fixtureCore(engine, { frontier: "priority" });
      const many = await fixtureCore(engine, { frontier: "priority" });
      for (const c of [one, many]) c.addInitial(u32(0, 1), u32(1), NONE);
      const records = [
        { step: 3, changed: [0, 2], pending: [1, 2], cursors: [], priority: 4 },
        { step: 4, changed: [1, 1], pending: [], cursors: [5, 6], priority: 9 },
        { step: 5, changed: [0, 2], pending: [1, 2], cursors: [], priority: 1 },
        { step: 6, changed: [0, 0], pending: [1], cursors: [], priority: 0 },
      ];
      const batch = records.flatMap((r) => [r.step, r.changed.length / 2, ...r.changed, r.pending.length, ...r.pending, r.cursors.length / 2, ...r.cursors, r.priority]);
      const packed = many.addSuccessors(0, Uint32Array.from(batch));
      const single = records.map((r) => one.addSuccessor(0, r.step, Uint32Array.from(r.changed), Uint32Array.from(r.pending), Uint32Array.from(r.cursors), r.priority));
      expect([...packed]).toEqual(single.map((r) => (r.stateId << 1) | (r.isNew ? 1 : 0)));
      expect([...packed]).toEqual([3, 5, 2, 7]);
      for (let e = 0; e < 4; e++) expect(many.edge(e)).toEqual(one.edge(e));
      expect(drain(many)).toEqual(drain(one));
    });

    it("a batch built with SuccessorBatch is the hand-packed batch, and the builder can be reused", async () => {
      const core = await fixtureCore(engine);
      core.addInitial(u32(0, 1), u32(1), NONE);
      const b = new SuccessorBatch();
      b.add(3, [0, 2], [1, 2], [], 4);
      b.add(4, [1, 1], [], [5, 6]);
      expect(b.records).toBe(2);
      expect([...b.words()]).toEqual([3, 1, 0, 2, 2, 1, 2, 0, 4, 4, 1, 1, 1, 0, 1, 5, 6, 0]);
      expect([...core.addSuccessors(0, b.words())]).toEqual([3, 5]);
      b.clear();
      b.add(5, [0, 2], [1, 2], []);
      expect([...core.addSuccessors(0, b.words())]).toEqual([2]);
    });

    it("per-record priorities replace the records' integer priorities, fractions and negatives included", async () => {
      const core = await fixtureCore(engine, { frontier: "priority" });
      core.addInitial(u32(0, 1), NONE, NONE);
      const b = new SuccessorBatch();
      b.add(1, [0, 2], [], [], 9);
      b.add(2, [1, 1], [], [], 9);
      b.add(3, [1, 2], [], [], 9);
      expect(core.next()).toBe(0);
      expect([...core.addSuccessors(0, b.words(), Float64Array.from([0.5, -3, 0.75]))]).toEqual([3, 5, 7]);
      expect(drain(core)).toEqual([3, 1, 2]);
    });

    it("per-record priorities must number the records and hold no NaN; a bad call changes nothing", async () => {
      const core = await fixtureCore(engine, { frontier: "priority" });
      core.addInitial(u32(0, 1), NONE, NONE);
      const batch = u32(1, 1, 0, 2, 0, 0, 0, 2, 1, 1, 1, 0, 0, 0);
      expect(() => core.addSuccessors(0, batch, Float64Array.from([1]))).toThrow(/addSuccessors: priorities must hold one value per record; the batch has 2 records$/);
      expect(() => core.addSuccessors(0, batch, Float64Array.from([1, Number.NaN]))).toThrow(/addSuccessors: priorities\[1\] is NaN/);
      expect(() => core.addSuccessors(0, batch, [1, 2] as unknown as Float64Array)).toThrow(/priorities must be a Float64Array/);
      expect(core.stateCount()).toBe(1);
      expect(core.edgeCount()).toBe(0);
    });

    it("SuccessorBatch rejects half pairs and values that are not u32s, naming the record", () => {
      const b = new SuccessorBatch();
      b.add(0, [], [], []);
      expect(() => b.add(1, [0], [], [])).toThrow(/record 1: changed must hold \(key, version\) pairs, got an odd length 1/);
      expect(() => b.add(1, [0, -1], [], [])).toThrow(/record 1: changed must hold integers in \[0, 2\^32\), got -1/);
      expect(() => b.add(1, [], [1.5], [])).toThrow(/record 1: pending must hold integers/);
      expect(() => b.add(1, [], [], [1])).toThrow(/record 1: cursors must hold \(a, b\) pairs/);
      expect(() => b.add(1, [], [], [], Number.NaN)).toThrow(/record 1: priority must hold integers/);
      expect(b.records).toBe(1);
    });
  });
}
