import { describe, expect, it } from "vitest";
import { SharedLogReader, SharedLogWriter } from "../../../src/cli/isolation/sharedRecordLog.ts";

describe("the shared record log (an isolated run's graph, written by the worker, read by the main thread)", () => {
  it("reads back every record written, in order, as structured clones, across chunks", () => {
    const reader = new SharedLogReader();
    let chunks = 0;
    const writer = new SharedLogWriter((chunk) => {
      chunks++;
      reader.add(chunk);
    });
    const records = Array.from({ length: 3_000 }, (_, i) => ({ seq: i, numbers: Int32Array.from([i, -i, 2 ** 31 - 1]), text: "x".repeat(i % 2_000) }));
    // One record larger than a whole chunk gets a chunk of its own.
    records.push({ seq: -1, numbers: new Int32Array(2_000_000).fill(7), text: "" });
    for (const r of records) writer.append(r);
    expect(chunks).toBeGreaterThan(1);
    const read = reader.read() as typeof records;
    expect(read).toHaveLength(records.length);
    expect(read.map((r) => r.seq)).toEqual(records.map((r) => r.seq));
    expect(read[1234]).toEqual(records[1234]);
    expect(read[1234]!.numbers).toBeInstanceOf(Int32Array);
    expect(read.at(-1)!.numbers.length).toBe(2_000_000);
  });

  it("a second read returns only what was written since the first", () => {
    const reader = new SharedLogReader();
    const writer = new SharedLogWriter((chunk) => reader.add(chunk));
    writer.append({ a: 1 });
    expect(reader.read()).toEqual([{ a: 1 }]);
    expect(reader.read()).toEqual([]);
    writer.append({ b: undefined, c: [1, , 3] });
    expect(reader.read()).toEqual([{ b: undefined, c: [1, , 3] }]);
  });
});
