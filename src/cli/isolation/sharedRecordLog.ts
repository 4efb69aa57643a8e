import { deserialize, serialize } from "node:v8";

/**
 * An append-only log of records in shared memory, written by one thread and read by another
 * without a message per record. An isolated run's worker appends what the main thread must hold
 * before every reconcile it runs (the graph so far, what it is about to run): a reconcile that
 * never returns leaves the log up to it, and the main thread reads it only when it needs it.
 * Posting a message per reconcile instead cost about 0.2 ms each, as much as exploring a state.
 *
 * The log is a list of chunks (`SharedArrayBuffer`s); each starts with the byte offset up to which
 * it is written (stored with `Atomics`, after the bytes), then records: a length, the record as
 * `v8.serialize` writes it (the structured clone postMessage uses), padded to 4 bytes.
 */

/** Bytes of a new chunk, unless one record needs more. */
const CHUNK_BYTES = 4 << 20;
/** The header: the written offset. */
const HEADER_BYTES = 4;

const padded = (n: number) => (n + 3) & ~3;

/**
 * The writing end. `onChunk` is called with each new chunk before anything is written to it: the
 * reader must be sent it (in order) to see what follows.
 *
 * @example
 * ```ts
 * const log = new SharedLogWriter((chunk) => port.postMessage({ type: "chunk", chunk }));
 * log.append({ seq: 1, activity });
 * ```
 */
export class SharedLogWriter {
  private chunk: SharedArrayBuffer | undefined;
  private bytes: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private header: Int32Array<ArrayBufferLike> = new Int32Array(1);
  private offset = 0;

  constructor(private readonly onChunk: (chunk: SharedArrayBuffer) => void) {}

  append(record: unknown): void {
    const data = serialize(record);
    const need = 4 + padded(data.length);
    if (this.chunk === undefined || this.offset + need > this.chunk.byteLength) {
      this.chunk = new SharedArrayBuffer(Math.max(CHUNK_BYTES, HEADER_BYTES + need));
      this.bytes = new Uint8Array(this.chunk);
      this.header = new Int32Array(this.chunk, 0, 1);
      this.offset = HEADER_BYTES;
      Atomics.store(this.header, 0, this.offset);
      this.onChunk(this.chunk);
    }
    new DataView(this.chunk).setUint32(this.offset, data.length, true);
    this.bytes.set(data, this.offset + 4);
    this.offset += need;
    // Published only now: the reader never sees a record half written.
    Atomics.store(this.header, 0, this.offset);
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
 * for (const record of log.read()) apply(record);
 * ```
 */
export class SharedLogReader {
  private readonly chunks: { chunk: SharedArrayBuffer; header: Int32Array; read: number }[] = [];

  add(chunk: SharedArrayBuffer): void {
    this.chunks.push({ chunk, header: new Int32Array(chunk, 0, 1), read: HEADER_BYTES });
  }

  read(): unknown[] {
    const out: unknown[] = [];
    for (const c of this.chunks) {
      const written = Atomics.load(c.header, 0);
      const view = new DataView(c.chunk);
      while (c.read < written) {
        const length = view.getUint32(c.read, true);
        // Copied out of shared memory before decoding.
        out.push(deserialize(Buffer.from(new Uint8Array(c.chunk, c.read + 4, length))));
        c.read += 4 + padded(length);
      }
    }
    return out;
  }
}
