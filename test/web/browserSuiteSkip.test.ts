import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

/** The environment without CI's demand for Chromium, which would turn the skip into a failure. */
function withoutRequire(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { KAMERA_REQUIRE_CHROMIUM: _required, ...rest } = env;
  return rest;
}

describe("the browser suite on a machine without Chromium", () => {
  it("skips, passing, with one line saying how to enable it", async () => {
    // The suite itself, in a vitest of its own, told that Chromium is somewhere it is not.
    const { stdout, stderr } = await run(process.execPath, [join(root, "node_modules", "vitest", "vitest.mjs"), "run", "test/web/inspectorInBrowser.test.ts"], {
      cwd: root,
      env: { ...withoutRequire(process.env), KAMERA_TEST_CHROMIUM: "/nonexistent/chromium", FORCE_COLOR: "0", NO_COLOR: "1", CI: "1" },
      maxBuffer: 16 * 1024 * 1024,
    });
    const output = stdout + stderr;
    const notices = output.split("\n").filter((line) => line.includes("browser tests skipped"));
    expect(notices).toEqual(["browser tests skipped: no Chromium at /nonexistent/chromium; install it to run them (apt-get install chromium)"]);
    expect(output).toMatch(/Tests\s+\d+ skipped/);
    expect(output).not.toMatch(/failed/i);
  }, 300_000);
});
