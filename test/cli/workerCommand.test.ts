import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/runCli.ts";
import { capturedIO } from "./capturedIO.ts";

describe("kamera worker", () => {
  it("a bad flag value is a usage error pointing at kamera worker --help", async () => {
    const io = capturedIO();
    expect(await runCli(["worker", "--nats", "nats://127.0.0.1:4222", "--jobs", "0"], io, process.cwd())).toBe(2);
    expect(io.err()).toContain("option '--jobs <n>' argument '0' is invalid. Expected a positive integer.");
    expect(io.err()).toContain("(run 'kamera worker --help' for usage)");
  });
});
