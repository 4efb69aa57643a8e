import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unusedPath } from "../../src/results/unusedPath.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-unused-path-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("unusedPath", () => {
  it("is the path itself when nothing is there", async () => {
    expect(await unusedPath(join(dir, "free.dump.json"))).toEqual({ path: join(dir, "free.dump.json"), holdsText: false });
  });

  it("numbers a taken name before the extension of the files kamera writes, else before the last one, skipping taken numbers and directories", async () => {
    for (const name of ["run.dump.json", "demo.violation-x.test.ts", "notes.txt", "plain"]) await writeFile(join(dir, name), "taken");
    await mkdir(join(dir, "run-2.dump.json"));
    expect((await unusedPath(join(dir, "run.dump.json"))).path).toBe(join(dir, "run-3.dump.json"));
    expect((await unusedPath(join(dir, "demo.violation-x.test.ts"))).path).toBe(join(dir, "demo.violation-x-2.test.ts"));
    expect((await unusedPath(join(dir, "notes.txt"))).path).toBe(join(dir, "notes-2.txt"));
    expect((await unusedPath(join(dir, "plain"))).path).toBe(join(dir, "plain-2"));
  });

  it("answers a file that already holds the text given, so the same text is not written twice", async () => {
    await writeFile(join(dir, "same.test.ts"), "other");
    await writeFile(join(dir, "same-2.test.ts"), "the test");
    expect(await unusedPath(join(dir, "same.test.ts"), "the test")).toEqual({ path: join(dir, "same-2.test.ts"), holdsText: true });
    expect(await unusedPath(join(dir, "same.test.ts"), "another test")).toEqual({ path: join(dir, "same-3.test.ts"), holdsText: false });
  });
});
