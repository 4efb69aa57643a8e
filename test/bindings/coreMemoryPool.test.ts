import { afterEach, describe, expect, it } from "vitest";
import type { Core } from "../../bindings/core.ts";
import { createCore } from "../../bindings/createCore.ts";
import { dropKeptCoreMemories, keepCoreMemory, keptCoreMemories, takeCoreMemory } from "../../bindings/coreMemoryPool.ts";
import { SplitMix64 } from "../../bindings/splitMix64.ts";

/**
 * Grows a core depth-first to `target` states of 64 slots, each successor changing 2 of them, with
 * every fourth successor a state seen before; returns every state's fingerprint and the edges.
 */
async function grow(core: Core, target: number): Promise<{ fingerprints: bigint[]; edges: number[] }> {
  const rng = new SplitMix64(5n);
  for (let k = 0; k < 64; k++) core.registerKey(k, rng.next());
  for (let v = 1; v <= 500; v++) core.registerVersion(v, rng.next());
  for (let r = 0; r < 3; r++) core.registerRequest(r, rng.next());
  const slots = new Uint32Array(128);
  for (let k = 0; k < 64; k++) slots.set([k, 1 + k], 2 * k);
  core.addInitial(slots, new Uint32Array([0]), new Uint32Array(0));
  while (core.stateCount() < target) {
    const parent = core.next();
    if (parent < 0) break;
    const batch: number[] = [];
    for (let r = 0; r < 4; r++) {
      const a = rng.below(64);
      const b = (a + 1 + rng.below(63)) % 64;
      // Versions from a small range on one record in four: those children repeat earlier states.
      const span = r === 3 ? 2 : 500;
      batch.push(r, 2, a, 1 + rng.below(span), b, 1 + rng.below(span), 1, rng.below(3), 0, 0);
    }
    core.addSuccessors(parent, Uint32Array.from(batch));
  }
  const fingerprints: bigint[] = [];
  for (let s = 0; s < core.stateCount(); s++) fingerprints.push(core.fingerprint(s));
  const edges: number[] = [];
  for (let e = 0; e < core.edgeCount(); e++) edges.push(...core.edge(e));
  return { fingerprints, edges };
}

afterEach(() => dropKeptCoreMemories());

describe("wasm core memory reuse", () => {
  it("backs a new core with a disposed core's memory, which then reads exactly like fresh memory", async () => {
    dropKeptCoreMemories();
    const first = await createCore({ engine: "wasm", frontier: "dfs" });
    const before = await grow(first, 40_000);
    // The first core wrote far past the initial memory: the reused pages hold its data.
    expect(first.memoryBytes()).toBeGreaterThan(4 * 2 ** 20);
    first.dispose();
    expect(keptCoreMemories()).toBe(1);

    const reused = await createCore({ engine: "wasm", frontier: "dfs" });
    expect(keptCoreMemories()).toBe(0);
    const again = await grow(reused, 40_000);
    dropKeptCoreMemories();
    const fresh = await createCore({ engine: "wasm", frontier: "dfs" });
    const expected = await grow(fresh, 40_000);

    expect(again.fingerprints.length).toBe(expected.fingerprints.length);
    expect(again.fingerprints).toEqual(expected.fingerprints);
    expect(again.edges).toEqual(expected.edges);
    expect(before.fingerprints).toEqual(expected.fingerprints);
    for (const s of [0, 1, 999, 39_999]) expect([...reused.slots(s)]).toEqual([...fresh.slots(s)]);
    expect(reused.pathCounts()).toEqual(fresh.pathCounts());
    reused.dispose();
    fresh.dispose();
  });

  it("gives a core created while another is alive a memory of its own", async () => {
    const a = await createCore({ engine: "wasm" });
    a.dispose();
    const b = await createCore({ engine: "wasm" });
    const c = await createCore({ engine: "wasm" });
    for (const [core, version] of [
      [b, 1],
      [c, 2],
    ] as const) {
      core.registerKey(0, 7n);
      core.registerVersion(version, 8n + BigInt(version));
      core.addInitial(new Uint32Array([0, version]), new Uint32Array(0), new Uint32Array(0));
    }
    expect([...b.slots(0)]).toEqual([0, 1]);
    expect([...c.slots(0)]).toEqual([0, 2]);
  });

  it("keeps at most two memories, none larger than 64 MiB, and each only once", () => {
    dropKeptCoreMemories();
    const large = new WebAssembly.Memory({ initial: 1025 });
    keepCoreMemory(large);
    expect(keptCoreMemories()).toBe(0);
    const small = new WebAssembly.Memory({ initial: 16 });
    keepCoreMemory(small);
    keepCoreMemory(small);
    expect(keptCoreMemories()).toBe(1);
    keepCoreMemory(new WebAssembly.Memory({ initial: 16 }));
    keepCoreMemory(new WebAssembly.Memory({ initial: 16 }));
    expect(keptCoreMemories()).toBe(2);
  });

  it("zeroes the start of a kept memory before handing it out", () => {
    dropKeptCoreMemories();
    const m = new WebAssembly.Memory({ initial: 16 });
    new Uint8Array(m.buffer).fill(0xab);
    keepCoreMemory(m);
    const taken = takeCoreMemory();
    expect(taken).toBe(m);
    expect(new Uint8Array(taken.buffer).every((b) => b === 0)).toBe(true);
  });
});
