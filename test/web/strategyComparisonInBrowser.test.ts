import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bugCorpus } from "../../examples/bugs/index.ts";
import { compareStrategies } from "../../src/compare/compareStrategies.ts";
import { startInspectorServer, type InspectorServer } from "../../src/inspect/web/server/inspectorServer.ts";
import { CHROMIUM_MISSING, startChromium, type ChromiumSession } from "./chromiumSession.ts";
import { builtWebApp } from "./webAppBuild.ts";

/** Screenshots land here (gitignored); CI keeps them as test artifacts. */
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/web/", import.meta.url));

let appDir: string;
let browser: ChromiumSession;
let plain: InspectorServer;

if (CHROMIUM_MISSING) console.warn(CHROMIUM_MISSING);

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  await mkdir(ARTIFACTS, { recursive: true });
  appDir = builtWebApp();
  plain = await startInspectorServer({ appDir, port: 0 });
  browser = await startChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await plain?.close();
});

/** The (scenario, strategy) → [found, reconciles to bug] columns of a comparison table. */
function foundAndReconciles(table: string): Map<string, [string, string]> {
  const rows = new Map<string, [string, string]>();
  for (const line of table.split("\n")) {
    const cols = line.trim().split(/\s{2,}/);
    if (cols.length >= 4 && /^\d+\/\d+$/.test(cols[2]!)) rows.set(`${cols[0]} ${cols[1]}`, [cols[2]!, cols[3]!]);
  }
  return rows;
}

describe.skipIf(CHROMIUM_MISSING !== undefined)("strategy comparison in the browser inspector", { timeout: 300_000 }, () => {
  it("compares strategies on the bundled bug corpus in its worker, draws the plots, and agrees with Node", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console error: ${m.text()}`);
    });
    await page.goto(plain.url);
    await expect.poll(() => page.getByTestId("scenario").locator("option").count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId("compare-strategies").fill("dfs,pct");
    await page.getByTestId("compare-seeds").fill("2");
    await page.getByTestId("compare-budget").fill("1000r");
    await page.getByTestId("compare").click();
    const table = page.getByTestId("comparison-table");
    await table.waitFor({ timeout: 240_000 });
    const text = (await table.textContent()) ?? "";
    expect(await page.getByTestId("comparison").locator("svg").count()).toBe(2);
    await page.screenshot({ path: `${ARTIFACTS}strategy-comparison.png` });

    const node = await compareStrategies({
      scenarios: bugCorpus.map((b) => ({ scenario: b.scenario({ fixed: false }), counterexample: b.counterexample })),
      strategies: ["dfs", "pct"],
      seeds: 2,
      budget: { reconciles: 1000 },
    });
    const inPage = foundAndReconciles(text);
    expect(inPage.size).toBe(bugCorpus.length * 2);
    const { comparisonTable } = await import("../../src/compare/comparisonTable.ts");
    expect(inPage).toEqual(foundAndReconciles(comparisonTable(node)));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("explains bad comparison input instead of running", async () => {
    const page = await browser.context.newPage();
    await page.goto(plain.url);
    await page.getByTestId("compare-strategies").fill("dfs,astar");
    await page.getByTestId("compare").click();
    await expect.poll(() => page.getByTestId("error").textContent(), { timeout: 30_000 }).toMatch(/unknown strategy "astar"/);
    await page.getByTestId("compare-strategies").fill("dfs");
    await page.getByTestId("compare-budget").fill("0r");
    await page.getByTestId("compare").click();
    await expect.poll(() => page.getByTestId("error").textContent(), { timeout: 30_000 }).toMatch(/the budget's reconciles must be a positive integer, got 0/);
    await page.close();
  });
});
