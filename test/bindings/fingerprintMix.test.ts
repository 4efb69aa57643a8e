import { describe, expect, it } from "vitest";
import xxhash from "xxhash-wasm";
import { CURSOR_SEED, REQUEST_SEED, SLOT_SEED, mixCursor, mixRequest, mixSlot } from "../../bindings/fingerprintMix.ts";
import { SplitMix64 } from "../../bindings/splitMix64.ts";
import { instantiateCore } from "../../bindings/wasmModule.ts";

function le64(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
}
function le32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("fingerprint terms", () => {
  it("have fixed known values", () => {
    expect(mixSlot(0n, 0n)).toBe(0xf5a590185dc0e90cn);
    expect(mixSlot(1n, 2n)).toBe(0x0a9f804f744f3728n);
    expect(mixSlot((1n << 64n) - 1n, 0x123456789abcdefn)).toBe(0x035770582c9be5dan);
    expect(mixRequest(0n)).toBe(0x91df0c78c3e912c9n);
    expect(mixRequest(0xdeadbeefn)).toBe(0x8ebdd63c37d3175cn);
    expect(mixCursor(0, 0, 0)).toBe(0x307ec971df86fc75n);
    expect(mixCursor(2, 0xffffffff, 7)).toBe(0x7d6e356e4983df0cn);
  });

  it("are exactly XXH64 of the little-endian inputs with seeds 1, 2 and 3", async () => {
    const x = await xxhash();
    const rng = new SplitMix64(99n);
    for (let i = 0; i < 200; i++) {
      const a = rng.next();
      const b = rng.next();
      const c = Number(rng.next() >> 32n);
      expect(mixSlot(a, b)).toBe(x.h64Raw(concat(le64(a), le64(b)), SLOT_SEED));
      expect(mixRequest(a)).toBe(x.h64Raw(le64(a), REQUEST_SEED));
      expect(mixCursor(i, c, Number(b & 0xffffffffn))).toBe(x.h64Raw(concat(le32(i), le32(c), le32(Number(b & 0xffffffffn))), CURSOR_SEED));
    }
  });

  it("come out the same from the Wasm core, release and debug builds", async () => {
    for (const build of ["release", "debug"] as const) {
      const core = await instantiateCore(undefined, build);
      const rng = new SplitMix64(7n);
      for (let i = 0; i < 200; i++) {
        const a = rng.next();
        const b = rng.next();
        const ca = Number(a >> 40n);
        const cb = Number(b & 0xffffffffn);
        expect(BigInt.asUintN(64, core.termSlot(BigInt.asIntN(64, a), BigInt.asIntN(64, b)))).toBe(mixSlot(a, b));
        expect(BigInt.asUintN(64, core.termRequest(BigInt.asIntN(64, a)))).toBe(mixRequest(a));
        expect(BigInt.asUintN(64, core.termCursor(i, ca, cb))).toBe(mixCursor(i, ca, cb));
      }
    }
  });
});
