import { CoreError } from "./coreError.ts";
import type { Engine } from "./core.ts";
import { MAX_STATES, coreInputError } from "./coreInput.ts";
import { instantiateCore, type CoreExports, type WasmBuild, type WasmSource } from "./wasmModule.ts";

/**
 * A bare fingerprint → id set: the core's visited set on its own, so benchmarks can measure it
 * apart from state storage. Ids are dense in insertion order, as in the core.
 */
export interface FingerprintSet {
  readonly engine: Engine;
  /** Inserts each fingerprint; per input, (id << 1) | 1 if it was new, id << 1 if already present. */
  insertBatch(fingerprints: BigUint64Array): Uint32Array;
  size(): number;
  dispose(): void;
}

/** Options of createFingerprintSet. */
export interface FingerprintSetOptions {
  engine?: Engine;
  /** Presize for about this many fingerprints. */
  expected?: number;
  wasmBuild?: WasmBuild;
  wasmSource?: WasmSource;
}

class ReferenceFingerprintSet implements FingerprintSet {
  readonly engine = "reference" as const;
  private readonly ids = new Map<bigint, number>();

  insertBatch(fingerprints: BigUint64Array): Uint32Array {
    const out = new Uint32Array(fingerprints.length);
    for (let i = 0; i < fingerprints.length; i++) {
      const fp = fingerprints[i]!;
      const id = this.ids.get(fp);
      if (id !== undefined) {
        out[i] = id * 2;
      } else {
        const next = this.ids.size;
        if (next >= MAX_STATES) throw new CoreError(`insertBatch: the set holds at most ${MAX_STATES} fingerprints`);
        this.ids.set(fp, next);
        out[i] = next * 2 + 1;
      }
    }
    return out;
  }
  size(): number {
    return this.ids.size;
  }
  dispose(): void {
    this.ids.clear();
  }
}

class WasmFingerprintSet implements FingerprintSet {
  readonly engine = "wasm" as const;
  constructor(private x: CoreExports | null) {}

  private exports(): CoreExports {
    if (!this.x) throw new CoreError("this fingerprint set was disposed");
    return this.x;
  }

  insertBatch(fingerprints: BigUint64Array): Uint32Array {
    const x = this.exports();
    if (x.visitedSize() + fingerprints.length > MAX_STATES) {
      throw new CoreError(`insertBatch: the set holds at most ${MAX_STATES} fingerprints`);
    }
    const at = x.inputBuffer(fingerprints.length * 8);
    new BigUint64Array(x.memory.buffer, at, fingerprints.length).set(fingerprints);
    const n = x.visitedInsertBatch(fingerprints.length);
    if (n < 0) throw coreInputError("insertBatch", -n, x.errorDetail());
    const out = x.outputAddress();
    return new Uint32Array(x.memory.buffer, out, n).slice();
  }
  size(): number {
    return this.exports().visitedSize() >>> 0;
  }
  dispose(): void {
    this.x = null;
  }
}

/**
 * A standalone visited set of either engine (for benchmarks).
 *
 * @example
 * ```ts
 * const set = await createFingerprintSet({ engine: "wasm", expected: 1 << 20 });
 * set.insertBatch(new BigUint64Array([1n, 2n, 1n])); // [1, 3, 0]
 * ```
 */
export async function createFingerprintSet(opts: FingerprintSetOptions = {}): Promise<FingerprintSet> {
  const expected = opts.expected ?? 0;
  if (!Number.isInteger(expected) || expected < 0 || expected > MAX_STATES) {
    throw new CoreError(`createFingerprintSet: expected must be an integer in [0, ${MAX_STATES}], got ${String(expected)}`);
  }
  if (opts.engine === "reference") return new ReferenceFingerprintSet();
  const x = await instantiateCore(opts.wasmSource, opts.wasmBuild);
  const r = x.visitedInit(expected);
  if (r < 0) throw coreInputError("createFingerprintSet", -r, x.errorDetail());
  return new WasmFingerprintSet(x);
}
