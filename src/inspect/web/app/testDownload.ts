import { exportTest, type ExportedTest } from "../../../results/exportTest.ts";
import { testFileSlug, testName } from "../../../results/testName.ts";
import type { IndexedStateRow, InspectedRun } from "./inspectedRun.ts";

/**
 * The regression test the page offers for a state: the same generator as `kamera explore
 * --export-tests`, without shrinking (the page has the explored graph, not the reconcilers to
 * replay), and importing `./scenario.ts`, since the page cannot know where the scenario's module
 * lives: the header says to point the import at it.
 */
export function pageTest(run: InspectedRun, row: IndexedStateRow): Promise<ExportedTest> {
  const name = run.source.kind === "live" ? run.source.title : (run.source.title.split(" (")[0] ?? run.source.title);
  // Named as --export-tests and the terminal inspector's t key name it, so that the download and
  // an exported test of the same counterexample are one file.
  const file = `${testFileSlug(name)}.${testName(run.result, row.state)}.test.ts`;
  return exportTest(run.result, row.state, {
    file,
    scenarioModule: "./scenario.ts",
    scenarioName: name,
    graph: run.graph,
    note:
      "Downloaded from kamera's browser inspector: the schedule is the explored path as it is (not shrunk; export with `kamera explore --export-tests` to shrink it), and the import of ./scenario.ts stands for the module exporting your scenario: point it there.",
  });
}

/** Generates the state's test and hands it to the browser as a download. */
export async function downloadTest(run: InspectedRun, row: IndexedStateRow): Promise<string> {
  const test = await pageTest(run, row);
  const url = URL.createObjectURL(new Blob([test.text], { type: "text/typescript" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = test.file;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return test.file;
}
