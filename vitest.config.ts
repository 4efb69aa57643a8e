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
    testTimeout: 60_000,
    hookTimeout: 60_000,
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
