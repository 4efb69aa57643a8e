import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

const TESTS = ["test/**/*.test.ts", "test/**/*.test.tsx", "examples/**/*.test.ts"];

/**
 * The test files that serve the built browser inspector: the page driven in Chromium, and
 * `kamera serve` / `--web`, which serve build/web. Their project builds the page once per run
 * (test/web/webAppGlobalSetup.ts) before any of them starts.
 */
const SERVE_THE_PAGE = ["test/web/*InBrowser.test.ts", "test/cli/browserInspector.test.ts", "test/trace/traceWeb.test.ts"];

export default defineConfig({
  test: {
    // Hang guards, not speed checks: the bigger explorations take tens of seconds on a quiet
    // machine and several times that on a busy one (a minute was exceeded at load 17).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Vitest's default is one file at a time on a 2-core machine (cores - 1). Run alone, the
    // suite keeps about 1.3 of 2 cores busy (it waits on child processes, Chromium and npm), so a
    // second file in flight uses the idle rest; more than that on 2 cores only adds contention.
    // On a machine other work already saturates, the second file gains little and costs about
    // 15% more CPU time (switching between more processes).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Files run longest first (vitest's default order) within each project, and projects run in
    // name order: "browser-inspector" (few, long files) before "kamera".
    projects: [
      {
        extends: true,
        test: { name: "browser-inspector", include: SERVE_THE_PAGE, globalSetup: ["test/web/webAppGlobalSetup.ts"] },
      },
      {
        extends: true,
        test: { name: "kamera", include: TESTS, exclude: [...configDefaults.exclude, ...SERVE_THE_PAGE] },
      },
    ],
  },
});
