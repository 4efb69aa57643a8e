import { describe, expect, it } from "vitest";
import { givenFile } from "../../src/cli/givenFile.ts";
import { UsageError } from "../../src/cli/usageError.ts";

const cwd = process.cwd();
const expectation = { expected: "a dump file", help: "kamera inspect --help" };

async function problemOf(given: string, flag?: string): Promise<UsageError> {
  const e = await givenFile(given, cwd, { ...expectation, ...(flag ? { flag } : {}) }).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(UsageError);
  return e as UsageError;
}

describe("givenFile", () => {
  it("gives the absolute path of a regular file", async () => {
    expect(await givenFile("package.json", cwd, expectation)).toBe(`${cwd}/package.json`);
  });

  it("says a missing file is missing, a directory is a directory and what was expected instead, with the flag that named it", async () => {
    expect((await problemOf("nowhere.json")).message).toBe("nowhere.json: no such file");
    expect((await problemOf("test")).message).toBe("test: is a directory; give a dump file");
    expect((await problemOf("test", "--dump")).message).toBe("--dump test: is a directory; give a dump file");
    expect((await problemOf("/dev/null")).message).toBe("/dev/null: is not a regular file; give a dump file");
    expect((await problemOf("package.json/x")).message).toBe("package.json/x: no such file");
    expect((await problemOf("test")).helpCommand).toBe("kamera inspect --help");
  });
});
