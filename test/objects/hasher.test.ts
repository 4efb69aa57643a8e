import xxhash from "xxhash-wasm";
import { describe, expect, it } from "vitest";
import { loadHasher } from "../../src/objects/hasher.ts";

describe("loadHasher", () => {
  it("hash64 is xxHash64 with seed 0 (known answers)", async () => {
    const h = await loadHasher();
    expect(h.hash64("")).toBe(0xef46db3751d8e999n);
    expect(h.hash64("a")).toBe(0xd24ec4f1a98c6e5bn);
    expect(h.hash64("abc")).toBe(0x44bc2cf5ad770999n);
  });

  it("hashes the UTF-8 encoding of the text", async () => {
    const h = await loadHasher();
    const raw = (await xxhash()).h64Raw;
    for (const s of ["é", "\u{1F600}", "日本", "ascii"]) expect(h.hash64(s)).toBe(raw(new TextEncoder().encode(s), 0n));
  });

  it("returns one cached instance", async () => {
    const [a, b] = await Promise.all([loadHasher(), loadHasher()]);
    expect(a).toBe(b);
    expect(await loadHasher()).toBe(a);
  });

  it("gives unsigned 64-bit values", async () => {
    const h = await loadHasher();
    for (const s of ["x", "y", "kamera"]) {
      const v = h.hash64(s);
      expect(v >= 0n && v < 1n << 64n).toBe(true);
    }
  });
});
