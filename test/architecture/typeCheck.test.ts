import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

// Vitest strips types without checking them, so without this a type error (or an import left
// unused) would pass the suite. One tsc run over everything tsconfig.json includes.
describe("the sources", () => {
  it("type-check under tsconfig.json (strict, no unused locals)", async () => {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const run = await promisify(execFile)(process.execPath, [tsc, "--noEmit", "-p", join(root, "tsconfig.json")], { cwd: root, maxBuffer: 16 << 20 }).then(
      () => "",
      (e: { stdout?: string; message: string }) => e.stdout || e.message,
    );
    expect(run).toBe("");
  });
});
