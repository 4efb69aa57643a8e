import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { createCore } from "../../bindings/createCore.ts";
import { SplitMix64 } from "../../bindings/splitMix64.ts";
import { WasmCore } from "../../bindings/wasmCore.ts";
import { CoreError } from "../../bindings/coreError.ts";
import { coreContract } from "./coreContract.ts";
import { NONE, fixtureCore } from "./coreFixture.ts";

coreContract("wasm");

/** Depth-first growth of 64-slot states, each successor changing 2 slots, like the benchmark. */
async function grow64(core: WasmCore, target: number): Promise<Map<number, Uint32Array>> {
  const rng = new SplitMix64(9n);
  for (let k = 0; k < 64; k++) core.registerKey(k, rng.next());
  for (let v = 1; v <= 1000; v++) core.registerVersion(v, rng.next());
  const slots = new Uint32Array(128);
  for (let k = 0; k < 64; k++) slots.set([k, 1 + k], 2 * k);
  core.addInitial(slots, NONE, NONE);
  const model = new Map<number, Uint32Array>([[0, slots]]);
  while (core.stateCount() < target) {
    const parent = core.next();
    const batch: number[] = [];
    const children: Uint32Array[] = [];
    for (let r = 0; r < 4; r++) {
      const a = rng.below(64);
      const b = (a + 1 + rng.below(63)) % 64;
      const va = 1 + rng.below(1000);
      const vb = 1 + rng.below(1000);
      batch.push(r, 2, a, va, b, vb, 0, 0, 0);
      const child = model.get(parent)!.slice();
      child[2 * a + 1] = va;
      child[2 * b + 1] = vb;
      children.push(child);
    }
    const res = core.addSuccessors(parent, Uint32Array.from(batch));
    res.forEach((packed, i) => {
      if (packed & 1) model.set(packed >>> 1, children[i]!);
    });
  }
  return model;
}

describe("wasm core: the module", () => {
  it("keeps reading correct data after its memory has grown many times", async () => {
    const core = (await createCore({ engine: "wasm", frontier: "dfs" })) as WasmCore;
    const before = core.memoryBytes();
    const model = await grow64(core, 60_000);
    expect(core.memoryBytes()).toBeGreaterThan(before + 4 * 2 ** 20);
    for (const s of [0, 1, 777, 30_000, core.stateCount() - 1]) expect([...core.slots(s)]).toEqual([...model.get(s)!]);
  });

  it("stores a 64-slot state whose successors change 2 slots in at most 48 bytes, plus 12 per edge", async () => {
    const n = 150_000;
    const core = (await createCore({ engine: "wasm", frontier: "dfs", expectedStates: n })) as WasmCore;
    await grow64(core, n);
    const { visitedTableBytes, recordBytes } = core.storageDetail();
    const perState = 26 + (visitedTableBytes + recordBytes) / core.stateCount();
    expect(perState).toBeLessThanOrEqual(48);
    // Everything held, edges and buffers included, stays within what the parts account for.
    const accounted = perState * core.stateCount() + 12 * core.edgeCount();
    expect(core.memoryBytes()).toBeLessThan(accounted * 1.5 + 8 * 2 ** 20);
  });

  it("loads from bytes and from a compiled module as well as from the build folder", async () => {
    const bytes = await readFile(new URL("../../build/kamera-core.wasm", import.meta.url));
    const fromBytes = await createCore({ engine: "wasm", wasmSource: bytes });
    const fromModule = await createCore({ engine: "wasm", wasmSource: await WebAssembly.compile(bytes) });
    for (const core of [fromBytes, fromModule]) {
      core.registerKey(0, 1n);
      core.registerVersion(1, 2n);
      expect(core.addInitial(new Uint32Array([0, 1]), NONE, NONE)).toBe(0);
      expect([...core.slots(0)]).toEqual([0, 1]);
    }
    expect(fromBytes.fingerprint(0)).toBe(fromModule.fingerprint(0));
  });

  it("rejects every call once disposed", async () => {
    const core = await fixtureCore("wasm");
    core.addInitial(NONE, NONE, NONE);
    core.dispose();
    expect(() => core.next()).toThrow(CoreError);
    expect(() => core.slots(0)).toThrow(/disposed/);
  });

  it("gives each core its own memory", async () => {
    const a = await fixtureCore("wasm");
    const b = await fixtureCore("wasm");
    a.addInitial(new Uint32Array([0, 1]), NONE, NONE);
    b.addInitial(new Uint32Array([0, 2]), NONE, NONE);
    expect([...a.slots(0)]).toEqual([0, 1]);
    expect([...b.slots(0)]).toEqual([0, 2]);
  });
});
