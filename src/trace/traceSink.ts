import { open, type FileHandle } from "node:fs/promises";
import type { Writable } from "node:stream";
import { KameraError } from "../kameraError.ts";
import { TRACE_FORMAT_NAME, TRACE_FORMAT_VERSION, type TraceHeader } from "./traceFormat.ts";

/**
 * Where trace records go. Records are buffered and written on `flush()` (traced reconcilers flush
 * when a reconcile ends), so a reconcile's records reach the file together. A failed write is
 * thrown from `flush()`, never dropped.
 */
export interface TraceSink {
  /** Buffers one record (a JSON text without newline). */
  write(line: string): void;
  /** Whether the object record of `hash` was already written through this sink; marks it written. */
  claimObject(hash: string): boolean;
  flush(): Promise<void>;
  close(): Promise<void>;
}

function headerLine(): string {
  const header: TraceHeader = { type: "header", format: TRACE_FORMAT_NAME, version: TRACE_FORMAT_VERSION, createdAt: new Date().toISOString() };
  return JSON.stringify(header);
}

abstract class BufferedSink implements TraceSink {
  private buffer: string[] = [];
  private readonly objects = new Set<string>();
  private failure: Error | undefined;
  private closed = false;
  private pending: Promise<void> = Promise.resolve();

  write(line: string): void {
    if (this.closed) throw new KameraError("trace sink: write after close");
    this.buffer.push(line);
  }

  claimObject(hash: string): boolean {
    if (this.objects.has(hash)) return false;
    this.objects.add(hash);
    return true;
  }

  /** Flushes run one after another, so records keep their order when reconciles end concurrently. */
  flush(): Promise<void> {
    // A failed flush leaves `failure` set; the chain continues so that every later flush reports it.
    this.pending = this.pending.catch(() => undefined).then(() => this.writeBuffer());
    return this.pending;
  }

  private async writeBuffer(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const text = this.buffer.join("\n") + "\n";
    this.buffer = [];
    try {
      await this.append(text);
    } catch (e) {
      this.failure = new KameraError(`${this.describe()}: writing the trace failed: ${(e as Error).message}`);
      throw this.failure;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.release();
  }

  protected abstract append(text: string): Promise<void>;
  protected abstract release(): Promise<void>;
  protected abstract describe(): string;
}

class FileSink extends BufferedSink {
  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
  ) {
    super();
  }
  protected async append(text: string): Promise<void> {
    await this.handle.appendFile(text, "utf8");
  }
  protected async release(): Promise<void> {
    await this.handle.close();
  }
  protected describe(): string {
    return `trace file ${this.path}`;
  }
}

class StreamSink extends BufferedSink {
  private error: Error | undefined;
  constructor(private readonly stream: Writable) {
    super();
    stream.on("error", (e) => (this.error = e));
  }
  protected async append(text: string): Promise<void> {
    if (this.error) throw this.error;
    await new Promise<void>((resolve, reject) => {
      this.stream.write(text, (e) => (e ? reject(e) : resolve()));
    });
  }
  protected async release(): Promise<void> {}
  protected describe(): string {
    return "trace stream";
  }
}

/**
 * Opens `path` for appending trace records; an empty or new file gets a header first. Fails at
 * once, with what to do, when the file cannot be written or already holds something that is not
 * a kamera trace of this version.
 *
 * @example
 * ```ts
 * const sink = await openTraceFile("trace.jsonl");
 * // ... traced reconciles ...
 * await sink.close();
 * ```
 */
export async function openTraceFile(path: string): Promise<TraceSink> {
  let handle: FileHandle;
  try {
    handle = await open(path, "a+");
  } catch (e) {
    throw new KameraError(`cannot write the trace file ${path}: ${(e as Error).message} (choose a path in a writable directory)`);
  }
  try {
    const size = (await handle.stat()).size;
    if (size === 0) {
      await handle.appendFile(headerLine() + "\n", "utf8");
    } else {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
      const first = buffer.subarray(0, bytesRead).toString("utf8").split("\n")[0]!;
      let header: Partial<TraceHeader> | undefined;
      try {
        header = JSON.parse(first) as Partial<TraceHeader>;
      } catch {
        header = undefined;
      }
      if (header?.type !== "header" || header.format !== TRACE_FORMAT_NAME || header.version !== TRACE_FORMAT_VERSION) {
        throw new KameraError(
          `cannot append to ${path}: it is not a ${TRACE_FORMAT_NAME} version ${TRACE_FORMAT_VERSION} file (its first line is not that header); choose a new file`,
        );
      }
    }
  } catch (e) {
    await handle.close();
    if (e instanceof KameraError) throw e;
    throw new KameraError(`cannot write the trace file ${path}: ${(e as Error).message}`);
  }
  return new FileSink(handle, path);
}

/**
 * A sink that writes to a stream (stdout, a socket, a pipe); the header is written at once. A
 * stream that is already ended or destroyed is an error here, not lost records later.
 *
 * @example
 * ```ts
 * const sink = await streamSink(process.stdout);
 * ```
 */
export async function streamSink(stream: Writable): Promise<TraceSink> {
  if (!stream || typeof stream.write !== "function") throw new KameraError("streamSink: expected a writable stream");
  if (!stream.writable || stream.destroyed) throw new KameraError("streamSink: the stream is not writable (ended, closed or destroyed)");
  const sink = new StreamSink(stream);
  sink.write(headerLine());
  await sink.flush();
  return sink;
}
