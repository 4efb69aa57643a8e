// kamera's own sources: frames inside them are the simulated API server or the explorer, never
// the line a user has to fix. Computed from this file's place in the tree (src/explore/). Plain
// string handling, no node:path: the explorer also runs in the browser inspector's Web Worker.
// (Not `new URL("../", import.meta.url)`: a bundler reads that as an asset and ships src/index.ts.)
// In a bundle, where this file is no longer under explore/, no frame is taken for kamera's own.
const SRC_END = import.meta.url.lastIndexOf("/explore/");
const KAMERA_SRC = SRC_END < 0 ? "\0" : pathOfUrl(import.meta.url.slice(0, SRC_END + 1));

function pathOfUrl(url: string): string {
  return url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url;
}

/** `file:line:col` of one V8 stack frame line, or undefined when the line names no file. */
function frameLocation(line: string): string | undefined {
  // "    at Foo.reconcile (file:///x/y.ts:12:7)", "    at /x/y.ts:12:7", "    at async Foo.bar (/x/y.ts:3:1)"
  const m = /\(([^()]+):(\d+):(\d+)\)\s*$/.exec(line) ?? /^\s*at (?:async )?([^\s()]+):(\d+):(\d+)\s*$/.exec(line);
  if (!m) return undefined;
  return `${pathOfUrl(m[1]!)}:${m[2]}:${m[3]}`;
}

function isUserFrame(location: string): boolean {
  // Absolute paths only: "node:internal/…", "<anonymous>" and "native" are not the user's code.
  if (!location.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(location)) return false;
  if (location.startsWith(KAMERA_SRC)) return false;
  return !/[\\/]node_modules[\\/]/.test(location);
}

function currentDirectory(): string | undefined {
  const proc = (globalThis as { process?: { cwd?: () => string } }).process;
  return typeof proc?.cwd === "function" ? proc.cwd() : undefined;
}

/**
 * The first frame of an error's stack that lies in the user's code (not in kamera's own sources,
 * not in node_modules, not in Node itself), as `file:line:col`, relative to `cwd` when inside it.
 * Undefined when the stack has no such frame, e.g. for a reconcile that timed out (kamera raised
 * that error, not the user's code).
 *
 * @example
 * ```ts
 * errorLocation(new Error("boom")); // "examples/boom.ts:14:11"
 * ```
 */
export function errorLocation(e: unknown, cwd: string | undefined = currentDirectory()): string | undefined {
  if (!(e instanceof Error) || typeof e.stack !== "string") return undefined;
  for (const line of e.stack.split("\n").slice(1)) {
    const location = frameLocation(line);
    if (location === undefined || !isUserFrame(location)) continue;
    const prefix = cwd === undefined ? undefined : cwd.endsWith("/") ? cwd : `${cwd}/`;
    return prefix !== undefined && location.startsWith(prefix) ? location.slice(prefix.length) : location;
  }
  return undefined;
}
