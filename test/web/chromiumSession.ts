import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/**
 * Debian's chromium, installed by apt (never a browser downloaded by a test tool).
 * KAMERA_TEST_CHROMIUM names another installed Chromium (or a missing one, to see the skip).
 */
export const CHROMIUM = process.env.KAMERA_TEST_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Why the browser tests cannot run here, or undefined when they can. A machine without Chromium
 * skips them (saying so once) rather than failing `npm test`; CI installs it (.ci/run).
 */
export const CHROMIUM_MISSING = existsSync(CHROMIUM)
  ? undefined
  : `browser tests skipped: no Chromium at ${CHROMIUM}; install it to run them (apt-get install chromium)`;

// CI installs Chromium and sets KAMERA_REQUIRE_CHROMIUM, so a failed install cannot pass as a skip.
if (CHROMIUM_MISSING && process.env.KAMERA_REQUIRE_CHROMIUM) {
  throw new Error(`KAMERA_REQUIRE_CHROMIUM is set but there is no Chromium at ${CHROMIUM} (apt-get install chromium)`);
}

/** Flags for a quiet, sandbox-free headless run that talks to nothing but the page's server. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser with a fresh profile, removed again by `close`. */
export interface ChromiumSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts Debian's chromium through playwright-core with a fresh user-data-dir (playwright takes it
 * as the persistent context's directory; passing `--user-data-dir` as a flag is refused).
 */
export async function startChromium(): Promise<ChromiumSession> {
  const profile = await mkdtemp(join(tmpdir(), "kamera-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 860 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
