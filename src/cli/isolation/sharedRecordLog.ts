import { deserialize, serialize } from "node:v8";

/**
 * An append-only log of records in shared memory, written by one thread and read by another
 * without a message per record. An isolated run's worker appends what the main thread must hold
 * before every reconcile it runs (the graph so far, what it is about to run): a reconcile that
 * never returns leaves the log up to it, and the main thread reads it only when it needs it.
 * Posting a message per reconcile instead cost about 0.2 ms each, as much as exploring a state.
 *
 * A record is a value, written as `v8.serialize` writes it (the structured clone postMessage
 * uses), and numbers, copied as they are: most of a graph is numbers, and typed arrays inside a
 * serialized value go through a JavaScript callback each, on both sides.
 *
 * The log is a list of chunks (`SharedArrayBuffer`s); each starts with the byte offset up to which
 * it is written (stored with `Atomics`, after the bytes), then records: the value's length in
 * bytes, the count of numbers, the numbers (32-bit), then the value, padded to 4 bytes.
 */

/** Bytes of a new chunk, unless one record needs more. */
const CHUNK_BYTES = 4 << 20;
/** The header: the written offset. */
const HEADER_BYTES = 4;

const padded = (n: number) => (n + 3) & ~3;

const NO_NUMBERS = new Int32Array(0);

/** A record read back: its value (undefined when none was written) and its numbers. */
export interface LogRecord {
  value: unknown;
  /** A view into the log's memory: never written again, so it stays as it is. */
  numbers: Int32Array<ArrayBufferLike>;
}

/**
 * The writing end. `onChunk` is called with each new chunk before anything is written to it: the
 * reader must be sent it (in order) to see what follows.
 *
 * @example
 * ```ts
 * const log = new SharedLogWriter((chunk) => port.postMessage({ type: "chunk", chunk }));
 * log.append({ seq: 1, activity });
 * log.append(undefined, Int32Array.of(1, 2, 3));
 * ```
 */
export class SharedLogWriter {
  private chunk: SharedArrayBuffer | undefined;
  private bytes: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private ints: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private offset = 0;

  constructor(private readonly onChunk: (chunk: SharedArrayBuffer) => void) {}

  append(value: unknown, numbers: Int32Array<ArrayBufferLike> = NO_NUMBERS): void {
    const data = value === undefined ? undefined : serialize(value);
    const valueBytes = data?.length ?? 0;
    const need = 8 + 4 * numbers.length + padded(valueBytes);
    if (this.chunk === undefined || this.offset + need > this.chunk.byteLength) {
      this.chunk = new SharedArrayBuffer(Math.max(CHUNK_BYTES, HEADER_BYTES + need));
      this.bytes = new Uint8Array(this.chunk);
      this.ints = new Int32Array(this.chunk);
      this.view = new DataView(this.chunk);
      this.offset = HEADER_BYTES;
      Atomics.store(this.ints, 0, this.offset);
      this.onChunk(this.chunk);
    }
    this.view.setUint32(this.offset, valueBytes, true);
    this.view.setUint32(this.offset + 4, numbers.length, true);
    this.ints.set(numbers, (this.offset + 8) >> 2);
    if (data !== undefined) this.bytes.set(data, this.offset + 8 + 4 * numbers.length);
    this.offset += need;
    // Published only now: the reader never sees a record half written.
    Atomics.store(this.ints, 0, this.offset);
  }
}

/**
 * The reading end: `add` each chunk in the order the writer made them; `read` returns the records
 * written since the last `read`.
 *
 * @example
 * ```ts
 * const log = new SharedLogReader();
 * worker.on("message", (m) => { if (m.type === "chunk") log.add(m.chunk); });
 * for (const { value, numbers } of log.read()) apply(value, numbers);
 * ```
 */
export class SharedLogReader {
  private readonly chunks: { chunk: SharedArrayBuffer; header: Int32Array; read: number }[] = [];

  add(chunk: SharedArrayBuffer): void {
    this.chunks.push({ chunk, header: new Int32Array(chunk, 0, 1), read: HEADER_BYTES });
  }

  read(): LogRecord[] {
    const out: LogRecord[] = [];
    for (const c of this.chunks) {
      const written = Atomics.load(c.header, 0);
      const view = new DataView(c.chunk);
      while (c.read < written) {
        const valueBytes = view.getUint32(c.read, true);
        const count = view.getUint32(c.read + 4, true);
        const numbers = count === 0 ? NO_NUMBERS : new Int32Array(c.chunk, c.read + 8, count);
        const at = c.read + 8 + 4 * count;
        // Copied out of shared memory before decoding.
        const value = valueBytes === 0 ? undefined : deserialize(Buffer.from(new Uint8Array(c.chunk, at, valueBytes)));
        out.push({ value, numbers });
        c.read = at + padded(valueBytes);
      }
    }
    return out;
  }
}
