import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importScenarioModule } from "../../src/cli/scenarioModule.ts";
import { KameraError } from "../../src/kameraError.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-module-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  const e = await importScenarioModule(file, name).catch((err: unknown) => err);
  expect(e).toBeInstanceOf(KameraError);
  return (e as KameraError).message;
}

describe("importScenarioModule", () => {
  it("names a kamera dump given as a module, and the command that opens it", async () => {
    expect(await refusal("di.dump.json", '{"format":"kamera-dump","version":2,"states":[]}')).toBe(
      "could not load di.dump.json: this is a dump written by --dump-output, not a scenario module; open it with kamera inspect di.dump.json (or kamera serve di.dump.json)",
    );
  });

  it("names a kamera trace given as a module, and the commands that open it", async () => {
    expect(await refusal("run.jsonl", '{"type":"header","format":"kamera-trace","version":1,"createdAt":"2024-01-01T00:00:00Z"}\n')).toMatch(
      /^could not load run\.jsonl: this is a kamera trace, not a scenario module; open it with kamera trace run\.jsonl/,
    );
  });

  it("refuses any other file that is not JavaScript or TypeScript before Node tries to import it", async () => {
    for (const [name, text] of [["plain.json", '{"a":1}'], ["world.yaml", "a: 1\n"]]) {
      expect(await refusal(name!, text!)).toBe(`could not load ${name}: a scenario module must be JavaScript or TypeScript (.ts, .mts, .js, .mjs)`);
    }
  });
});
