import { describe, expect, test } from "vitest";
import { threadExecArgv } from "../../src/parallel/threadExecArgv.ts";

describe("the Node options a worker thread starts with", () => {
  test("a thread on the compiled copy starts without the parent's module preloads (tsx's hooks), keeping every other option", () => {
    const parent = ["--require", "/x/tsx/dist/preflight.cjs", "--import", "file:///x/tsx/dist/loader.mjs", "--max-old-space-size=4096", "--loader=./hooks.mjs", "-r", "dotenv/config", "--experimental-loader", "./l.mjs", "--enable-source-maps"];
    expect(threadExecArgv(true, parent)).toEqual({ execArgv: ["--max-old-space-size=4096", "--enable-source-maps"] });
  });

  test("a thread that is not on the compiled copy inherits the parent's options as they are (tsx in the thread, or the package's JavaScript)", () => {
    expect(threadExecArgv(false, ["--import", "tsx"])).toEqual({});
  });
});
