import { MessageChannel, type MessagePort } from "node:worker_threads";
import { describe, expect, test } from "vitest";
import { startThread, threadExecArgv } from "../../src/parallel/threadExecArgv.ts";

/** A thread that sends "up" through the port it is given, or to its parent when it has none. */
const ANSWERING = new URL(
  `data:text/javascript,${encodeURIComponent(`import { parentPort, workerData } from "node:worker_threads"; (workerData?.port ?? parentPort).postMessage("up");`)}`,
);

function firstMessage(port: { once(event: "message", f: (m: unknown) => void): unknown }): Promise<unknown> {
  return new Promise((resolve) => port.once("message", resolve));
}

describe("the Node options a worker thread starts with", () => {
  test("a thread on the compiled copy starts without the parent's module preloads (tsx's hooks), keeping every other option", () => {
    const parent = ["--require", "/x/tsx/dist/preflight.cjs", "--import", "file:///x/tsx/dist/loader.mjs", "--max-old-space-size=4096", "--loader=./hooks.mjs", "-r", "dotenv/config", "--experimental-loader", "./l.mjs", "--enable-source-maps"];
    expect(threadExecArgv(true, parent)).toEqual({ execArgv: ["--max-old-space-size=4096", "--enable-source-maps"] });
  });

  test("a thread that is not on the compiled copy inherits the parent's options as they are (tsx in the thread, or the package's JavaScript)", () => {
    expect(threadExecArgv(false, ["--import", "tsx"])).toEqual({});
  });

  test("a thread starts when the process has options Node refuses in a thread's own (V8's heap limit, a process title): it inherits the process's", async () => {
    const thread = startThread(ANSWERING, {}, true, ["--max-old-space-size=4096", "--title=kamera", "--enable-source-maps"]);
    try {
      expect(await firstMessage(thread)).toBe("up");
    } finally {
      await thread.terminate();
    }
  });

  test("the retry keeps what the thread is given: a port in the transfer list still reaches it", async () => {
    const { port1, port2 } = new MessageChannel();
    const thread = startThread(ANSWERING, { workerData: { port: port2 }, transferList: [port2 as MessagePort] }, true, ["--max-old-space-size=4096"]);
    try {
      expect(await firstMessage(port1)).toBe("up");
    } finally {
      port1.close();
      await thread.terminate();
    }
  });

  test("a thread whose options Node accepts starts with them", async () => {
    const thread = startThread(ANSWERING, {}, true, ["--enable-source-maps"]);
    try {
      expect(await firstMessage(thread)).toBe("up");
    } finally {
      await thread.terminate();
    }
  });
});
