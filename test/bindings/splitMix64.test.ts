import { describe, expect, it } from "vitest";
import { SplitMix64 } from "../../bindings/splitMix64.ts";

describe("SplitMix64", () => {
  it("produces the published outputs for seeds 0 and 1234567", () => {
    const zero = new SplitMix64(0n);
    expect([zero.next(), zero.next(), zero.next()]).toEqual([0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn]);
    const other = new SplitMix64(1234567n);
    expect([other.next(), other.next()]).toEqual([6457827717110365317n, 3203168211198807973n]);
  });

  it("draws indices below n from the high word by multiply-shift", () => {
    const a = new SplitMix64(5n);
    const b = new SplitMix64(5n);
    for (const n of [1, 2, 3, 10, 1000, 0xffffffff]) {
      const i = a.below(n);
      expect(i).toBe(Number(((b.next() >> 32n) * BigInt(n)) >> 32n));
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(n);
    }
  });

  it("wraps negative seeds modulo 2^64", () => {
    expect(new SplitMix64(-1n).next()).toBe(new SplitMix64((1n << 64n) - 1n).next());
  });
});
