import { describe, expect, it } from "vitest";
import { createFingerprintSet } from "../../bindings/fingerprintSet.ts";
import { SplitMix64 } from "../../bindings/splitMix64.ts";
import { CoreError } from "../../bindings/coreError.ts";

for (const engine of ["wasm", "reference"] as const) {
  describe(`${engine} fingerprint set`, () => {
    it("numbers new fingerprints densely and answers repeats with their id", async () => {
      const set = await createFingerprintSet({ engine });
      expect([...set.insertBatch(new BigUint64Array([5n, 9n, 5n, (1n << 64n) - 1n, 9n]))]).toEqual([1, 3, 0, 5, 2]);
      expect(set.size()).toBe(3);
    });

    it("grows far past its presized capacity without losing an entry", async () => {
      const set = await createFingerprintSet({ engine, expected: 10 });
      const rng = new SplitMix64(3n);
      const fps = new BigUint64Array(100_000).map(() => rng.next());
      const first = set.insertBatch(fps);
      expect(first.every((r, i) => r === i * 2 + 1)).toBe(true);
      const again = set.insertBatch(fps);
      expect(again.every((r, i) => r === i * 2)).toBe(true);
      expect(set.size()).toBe(100_000);
    });

    it("rejects a bad presize with a CoreError", async () => {
      await expect(createFingerprintSet({ engine, expected: -3 })).rejects.toThrow(CoreError);
    });
  });
}

describe("wasm fingerprint set", () => {
  it("rejects use after dispose", async () => {
    const set = await createFingerprintSet({ engine: "wasm" });
    set.dispose();
    expect(() => set.size()).toThrow(/disposed/);
  });
});
