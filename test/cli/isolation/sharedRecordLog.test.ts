import { describe, expect, it } from "vitest";
import { SharedLogReader, SharedLogWriter } from "../../../src/cli/isolation/sharedRecordLog.ts";

describe("the shared record log (an isolated run's graph, written by the worker, read by the main thread)", () => {
  it("reads back every record written, in order, its value as a structured clone and its numbers as they were, across chunks", () => {
    const reader = new SharedLogReader();
    let chunks = 0;
    const writer = new SharedLogWriter((chunk) => {
      chunks++;
      reader.add(chunk);
    });
    const records = Array.from({ length: 3_000 }, (_, i) => ({ value: { seq: i, inner: Int32Array.from([i, -i]), text: "x".repeat(i % 2_000) }, numbers: Int32Array.from([i, -i, 2 ** 31 - 1]) }));
    // One record larger than a whole chunk gets a chunk of its own.
    records.push({ value: { seq: -1, inner: Int32Array.of(), text: "" }, numbers: new Int32Array(2_000_000).fill(7) });
    for (const r of records) writer.append(r.value, r.numbers);
    expect(chunks).toBeGreaterThan(1);
    const read = reader.read();
    expect(read).toHaveLength(records.length);
    expect(read.map((r) => (r.value as { seq: number }).seq)).toEqual(records.map((r) => r.value.seq));
    expect(read[1234]!.value).toEqual(records[1234]!.value);
    expect((read[1234]!.value as { inner: unknown }).inner).toBeInstanceOf(Int32Array);
    expect(Array.from(read[1234]!.numbers)).toEqual([1234, -1234, 2 ** 31 - 1]);
    expect(read.at(-1)!.numbers.length).toBe(2_000_000);
    expect(read.at(-1)!.numbers.every((n) => n === 7)).toBe(true);
  });

  it("a record may be a value alone or numbers alone", () => {
    const reader = new SharedLogReader();
    const writer = new SharedLogWriter((chunk) => reader.add(chunk));
    writer.append({ a: 1 });
    writer.append(undefined, Int32Array.of(5, 6, 7));
    const read = reader.read();
    expect(read.map((r) => r.value)).toEqual([{ a: 1 }, undefined]);
    expect(read.map((r) => Array.from(r.numbers))).toEqual([[], [5, 6, 7]]);
  });

  it("a second read returns only what was written since the first", () => {
    const reader = new SharedLogReader();
    const writer = new SharedLogWriter((chunk) => reader.add(chunk));
    writer.append({ a: 1 });
    expect(reader.read().map((r) => r.value)).toEqual([{ a: 1 }]);
    expect(reader.read()).toEqual([]);
    writer.append({ b: undefined, c: [1, , 3] });
    expect(reader.read().map((r) => r.value)).toEqual([{ b: undefined, c: [1, , 3] }]);
  });
});
