import type { TestProject } from "vitest/node";
import { ensureWebApp } from "../../src/inspect/web/server/webAppBuild.ts";
import { CHROMIUM_MISSING } from "./chromiumSession.ts";

/**
 * Global setup of the test files that need the built browser inspector (the "page" project in
 * vitest.config.ts): builds it once for the whole run, before any of them starts, and tells them
 * where it is. One build instead of one per file, and no two files building into build/web at
 * the same time (`kamera serve` and `--web` build it there when it is stale).
 *
 * Where Chromium can run the page, the build is forced, so the page under test is always built
 * from the current sources, never a build left over from other sources whose files happen to be
 * older. Without Chromium only the command-line tests use the build, and they get what
 * `kamera serve` gets: a build made when the sources are newer than it.
 */
export default async function setup(project: TestProject): Promise<void> {
  const dir = await ensureWebApp({ rebuild: CHROMIUM_MISSING === undefined });
  project.provide("webAppDir", dir);
}
