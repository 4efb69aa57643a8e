import { mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findScenario } from "../../examples/index.ts";
import { startInspectorServer, type InspectorServer } from "../../src/inspect/web/server/inspectorServer.ts";
import { startChromium, type ChromiumSession } from "./chromiumSession.ts";
import { FIXTURE_IDS, fixtureDumpText } from "./fixtureRun.ts";
import { buildWebAppForTest } from "./webAppBuild.ts";

/** Screenshots land here (gitignored); CI keeps them as test artifacts. */
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/web/", import.meta.url));
/** A bundled example small enough to explore in a few seconds, in the page and in Node. */
const LIVE_EXAMPLE = "mode-flip";

let appDir: string;
let browser: ChromiumSession;
let served: InspectorServer;
let plain: InspectorServer;
let dumpText: string;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  dumpText = await fixtureDumpText();
  appDir = await buildWebAppForTest();
  served = await startInspectorServer({ appDir, port: 0, result: { name: "fixture.dump.json", text: dumpText } });
  plain = await startInspectorServer({ appDir, port: 0 });
  browser = await startChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await plain?.close();
  if (appDir) await rm(appDir, { recursive: true, force: true });
});

/** A page whose script errors and console errors fail the test that opened it. */
async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console error: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

async function count(page: Page, key: string): Promise<string> {
  return (await page.locator(`[data-count="${key}"]`).textContent()) ?? "";
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

describe("the browser inspector in Chromium", () => {
  it("opens the dump kamera serve serves and drills down to an effect's side-by-side diff", async () => {
    const { page, errors } = await openPage(served.url);
    const states = page.locator("[data-testid=states-table] tbody tr");
    await expect.poll(() => states.count()).toBe(3);
    expect(await page.getByTestId("source").textContent()).toBe("fixture (fixture.dump.json)");
    expect([await count(page, "states"), await count(page, "transitions"), await count(page, "converged"), await count(page, "non-converging"), await count(page, "violations")]).toEqual(["7", "8", "1", "1", "1"]);
    const graph = page.getByTestId("graph");
    expect([await graph.getAttribute("data-nodes"), await graph.getAttribute("data-edges")]).toEqual(["7", "8"]);
    await shot(page, "1-states");

    // States → paths of the converged state: both orders of the two controllers.
    await states.first().click();
    await page.keyboard.press("Enter");
    const paths = page.locator("[data-testid=paths-table] tbody tr");
    await expect.poll(() => paths.count()).toBe(2);
    expect(await page.getByTestId("breadcrumb").textContent()).toContain(`Paths of ${FIXTURE_IDS[3]!.slice(0, 8)}`);
    // Paths → steps: the selected path is highlighted in the graph.
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("[data-testid=steps-table] tbody tr").count()).toBe(2);
    expect(await graph.getAttribute("data-path-edges")).toBe("2");
    // Second step → its effects; the first effect's diff shows what the update changed.
    await page.locator("[data-testid=steps-table] tbody tr").nth(1).dblclick();
    await expect.poll(() => page.locator("[data-testid=effects-table] tbody tr").count()).toBe(2);
    const diff = page.getByTestId("diff");
    await expect.poll(() => diff.count()).toBe(1);
    expect(await page.getByTestId("field-changes").textContent()).toContain('status.state "A-1" → "A-Final"');
    const changed = await diff.locator("td.del, td.add").allTextContents();
    expect(changed.map((t) => t.trim())).toEqual(["state: A-1", "state: A-Final"]);
    expect(await diff.textContent()).not.toContain("resourceVersion");
    await shot(page, "2-effect-diff");

    // Server-managed fields on request; the created ConfigMap shows as a whole object.
    await page.getByTestId("server-fields").check();
    await expect.poll(async () => (await page.getByTestId("diff").textContent()) ?? "").toContain("resourceVersion");
    await page.locator("[data-testid=effects-table] tbody tr").nth(1).click();
    expect(await page.getByTestId("created-object").textContent()).toContain("foo-config");

    // Esc goes back up, one level at a time.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator("[data-testid=states-table]").count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens dumps from the file picker and by drag and drop, and explains a file that is not a dump", async () => {
    const { page, errors } = await openPage(plain.url);
    await page.getByTestId("dump-input").setInputFiles({ name: "picked.dump.json", mimeType: "application/json", buffer: Buffer.from(dumpText) });
    await expect.poll(() => page.getByTestId("source").textContent()).toBe("fixture (picked.dump.json)");
    expect(await count(page, "states")).toBe("7");

    const drop = (text: string, name: string) =>
      page.evaluate(
        ([t, n]) => {
          const data = new DataTransfer();
          data.items.add(new File([t!], n!, { type: "application/json" }));
          const target = document.getElementById("app")!;
          for (const type of ["dragenter", "dragover", "drop"]) target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
        },
        [text, name],
      );
    await drop(dumpText, "dropped.dump.json");
    await expect.poll(() => page.getByTestId("source").textContent()).toBe("fixture (dropped.dump.json)");

    await drop('{"format":"kamera-dump","version":99}', "future.dump.json");
    const error = page.getByTestId("error");
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toContain("cannot load dump future.dump.json: dump version 99 was written by a newer kamera");
    // The result on screen stays as it was.
    expect(await page.getByTestId("source").textContent()).toBe("fixture (dropped.dump.json)");
    await shot(page, "3-bad-dump");
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(["wasm", "reference"] as const)(`explores ${LIVE_EXAMPLE} live in a worker with the %s engine, to completion, with the counts Node finds`, async (engine) => {
    const scenario = findScenario(LIVE_EXAMPLE);
    if (!scenario) throw new Error(`no bundled example ${LIVE_EXAMPLE}`);
    const built = scenario.build();
    const node = await built.builder.build().explore(built.initial, { ...built.options, engine });
    expect(node.complete).toBe(true);

    const { page, errors } = await openPage(plain.url);
    const select = page.getByTestId("scenario");
    await expect.poll(() => select.locator("option").count()).toBeGreaterThan(0);
    await select.selectOption(LIVE_EXAMPLE);
    await page.getByTestId("engine").selectOption(engine);
    await page.getByTestId("run").click();
    const progress = page.getByTestId("progress");
    await expect.poll(() => progress.getAttribute("data-state"), { timeout: 30_000 }).toBe("done");
    await shot(page, `4-live-${engine}`);

    expect(await count(page, "states")).toBe(String(node.stats.uniqueStates));
    expect(await count(page, "transitions")).toBe(String(node.stats.transitions));
    expect(await count(page, "converged")).toBe(String(node.convergedStates.length));
    expect(await count(page, "aborted")).toBe(String(node.abortedStates.length));
    expect(await count(page, "non-converging")).toBe(String(node.nonConverging.length));
    expect(await count(page, "violations")).toBe(String(node.violations.length));
    expect(await count(page, "complete")).toBe("complete");
    // Same converged states, by id, with the same path counts and unique paths.
    const rows = await page.locator("[data-testid=states-table] tbody tr").evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")),
    );
    const converged = rows.filter((r) => r[1] === "converged").map((r) => [r[0], r[4], r[5]]);
    expect(converged).toEqual(
      node.convergedStates.map((s) => [s.id, s.pathCountInfinite ? "∞" : s.pathCount.toString(), `${s.paths.length}${s.pathsTruncated ? "+" : ""}`]),
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});
