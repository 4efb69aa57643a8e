import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, test } from "vitest";
import { threadModule } from "../../src/parallel/threadModule.ts";

const ECHO = new URL("./fixtures/threadEcho.ts", import.meta.url);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Sources written by these tests: inside the repository (so they are kamera's own), under build/, at a fixed place (so their compiled copies replace each other). */
const SCRATCH = join(ROOT, "build", "thread-module-test");

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

function runThread(url: URL): Promise<{ url: string; stack: string; errorName: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url);
    worker.once("message", (m) => {
      resolve(m as { url: string; stack: string; errorName: string });
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

describe("threadModule: what a worker thread runs from the TypeScript sources", () => {
  test("a TypeScript entry of kamera's sources is compiled to JavaScript, and the copy is reused while the sources are unchanged", async () => {
    const first = await threadModule(ECHO, []);
    const second = await threadModule(ECHO, []);
    expect(first.compiled).toBe(true);
    expect(decodeURIComponent(first.url.href)).toMatch(/build\/threads\/[0-9a-f]{16}-[0-9a-f]{16}\/test\/parallel\/fixtures\/threadEcho\.js/);
    expect(second.url.href).toBe(first.url.href);
  }, 60_000);

  test("in the compiled copy each module keeps its own import.meta.url, class names, and stack traces that name the source file", async () => {
    const echo = await runThread((await threadModule(ECHO, [])).url);
    expect(echo.url).toBe(ECHO.href);
    expect(echo.errorName).toBe("KameraError");
    expect(echo.stack).toContain("Echo.where");
    expect(echo.stack).toContain(fileURLToPath(ECHO));
  }, 60_000);

  test("a module the thread imports by URL maps to its compiled copy, which shares the entry's instances of kamera's modules", async () => {
    const entry = join(SCRATCH, "shared", "entry.ts");
    const other = join(SCRATCH, "shared", "other.ts");
    mkdirSync(join(SCRATCH, "shared"), { recursive: true });
    writeFileSync(join(SCRATCH, "shared", "registry.ts"), "export const seen: string[] = [];\n");
    writeFileSync(other, 'import { seen } from "./registry.ts";\nseen.push("other");\n');
    writeFileSync(
      entry,
      'import { parentPort, workerData } from "node:worker_threads";\nimport { seen } from "./registry.ts";\nawait import(workerData.other);\nparentPort!.postMessage({ url: import.meta.url, stack: seen.join(","), errorName: "" });\n',
    );
    const otherUrl = pathToFileURL(other).href;
    const mod = await threadModule(pathToFileURL(entry), [otherUrl]);
    expect(mod.compiled).toBe(true);
    expect(mod.moduleUrl(otherUrl)).not.toBe(otherUrl);
    expect(mod.moduleUrl(otherUrl)).toMatch(/\.js$/);
    const reply = await new Promise<{ stack: string }>((resolve, reject) => {
      const worker = new Worker(mod.url, { workerData: { other: mod.moduleUrl(otherUrl) } });
      worker.once("message", (m) => {
        resolve(m as { stack: string });
        void worker.terminate();
      });
      worker.once("error", reject);
    });
    // One registry: the module imported by URL registered into the entry's instance.
    expect(reply.stack).toBe("other");
  }, 60_000);

  test("a changed source gives a new compiled copy (the cache is keyed by content, not by name)", async () => {
    const entry = join(SCRATCH, "changing", "entry.ts");
    mkdirSync(join(SCRATCH, "changing"), { recursive: true });
    writeFileSync(entry, 'import { parentPort } from "node:worker_threads";\nparentPort!.postMessage({ url: "one", stack: "", errorName: "" });\n');
    const before = await threadModule(pathToFileURL(entry), []);
    expect((await runThread(before.url)).url).toBe("one");
    writeFileSync(entry, 'import { parentPort } from "node:worker_threads";\nparentPort!.postMessage({ url: "two", stack: "", errorName: "" });\n');
    const after = await threadModule(pathToFileURL(entry), []);
    expect(after.url.href).not.toBe(before.url.href);
    expect((await runThread(after.url)).url).toBe("two");
  }, 60_000);

  test("a module outside kamera's sources (a user's scenario) is not compiled: the thread registers tsx and imports the sources", async () => {
    const outside = pathToFileURL(join(tmpdir(), "kamera-user-scenario.ts")).href;
    const mod = await threadModule(ECHO, [outside]);
    expect(mod.compiled).toBe(false);
    expect(mod.moduleUrl(outside)).toBe(outside);
    const code = decodeURIComponent(mod.url.href);
    expect(code).toContain("register(");
    expect(code).toContain(ECHO.href);
    expect((await runThread(mod.url)).url).toBe(ECHO.href);
  }, 60_000);

  test("a JavaScript entry (the installed package) runs as it is", async () => {
    const js = pathToFileURL(join(ROOT, "dist", "src", "cli", "exploreWorkerThread.js"));
    const mod = await threadModule(js, ["file:///somewhere/scenario.js"]);
    expect(mod).toMatchObject({ compiled: false });
    expect(mod.url.href).toBe(js.href);
    expect(mod.moduleUrl("file:///somewhere/scenario.js")).toBe("file:///somewhere/scenario.js");
  });
});
