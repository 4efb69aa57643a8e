import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { UsageError } from "./usageError.ts";
import type { ExploreResult, ResultState, Violation } from "../explore/exploreResult.ts";
import { replayScenario } from "../explore/replayScenario.ts";
import { exportTest, type ExportedTest } from "../results/exportTest.ts";
import { testFileSlug, testName } from "../results/testName.ts";
import { unusedPath } from "../results/unusedPath.ts";
import type { Scenario } from "../scenario.ts";
import { kameraEntry, kameraRoot, type ScenarioModuleFile } from "./scenarioModuleFile.ts";

/**
 * Checks before exploring that `--export-tests` can write to `dir` (`given` as typed): finding out
 * after the search that it is a file would lose the tests. A missing directory is made later, so
 * the nearest existing ancestor must be a directory.
 */
export async function checkExportDirectory(given: string, dir: string, helpCommand: string): Promise<void> {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const info = await stat(at).catch(() => undefined);
    if (info !== undefined) {
      if (info.isDirectory()) return;
      throw new UsageError(at === resolve(dir) ? `--export-tests ${given}: is a file; give a directory` : `--export-tests ${given}: ${at} is a file, not a directory`, helpCommand);
    }
    if (dirname(at) === at) return;
  }
}

/** The file of a test named `name` (see `testName`) of scenario `scenarioName` in `dir`: `<dir>/<scenario>.<name>.test.ts`. */
export function testFile(dir: string, scenarioName: string, name: string): string {
  return join(dir, `${testFileSlug(scenarioName)}.${name}.test.ts`);
}

/**
 * What `--export-tests` turns into tests, one file each: per invariant, its violation with the
 * shortest path (ties: the smaller state id); every livelock; every failing reconciler. A
 * converged state is a bug only by the user's judgement, which kamera cannot know from the result:
 * one is exported from an inspector, or with `exportTest`; converged-state invariants
 * (`when: "converged"`) are violations and exported here.
 */
export function exportTargets(result: ExploreResult): { name: string; state: ResultState | Violation }[] {
  const byInvariant = new Map<string, Violation>();
  for (const v of result.violations) {
    const best = byInvariant.get(v.invariant);
    if (!best || v.path.length < best.path.length || (v.path.length === best.path.length && v.stateId < best.stateId)) byInvariant.set(v.invariant, v);
  }
  const states: (ResultState | Violation)[] = [
    ...[...byInvariant].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v),
    ...result.nonConverging,
    ...result.keepsFailing,
  ];
  return uniquelyNamed(states.map((state) => ({ name: testName(result, state), state })));
}

/**
 * Distinct invariants can share a slug ("not blue" and "Not Blue!", or the same first 60
 * characters): one file would silently overwrite the other. Later ones, in the order given
 * (which is sorted, so the names are the same run after run), get `-2`, `-3`, ….
 */
function uniquelyNamed<T extends { name: string }>(targets: T[]): T[] {
  const taken = new Set(targets.map((t) => t.name));
  const used = new Set<string>();
  return targets.map((t) => {
    let name = t.name;
    // A suffixed name must not take another target's own name either ("a-2" of an invariant "a 2").
    for (let n = 2; used.has(name) || (name !== t.name && taken.has(name)); n++) name = `${t.name}-${n}`;
    used.add(name);
    return { ...t, name };
  });
}

/** How a test at `file` imports kamera: by path inside kamera's own package (its examples and tests), else by name. */
export function kameraImportFor(file: string): string {
  const rel = relative(kameraRoot, resolve(file));
  return rel !== "" && !rel.startsWith("..") && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel) ? kameraEntry : "kamera";
}

/** A test `writeExportedTest` wrote, or found already written. */
export interface WrittenTest {
  /** Where the test is: the file asked for, or `<name>-2.test.ts`, … when another file had its name. */
  file: string;
  test: ExportedTest;
  /** The file already held this very test, so nothing was written. */
  alreadyThere: boolean;
}

/**
 * Writes a test of `state` to `file`, shrinking its schedule by replaying the scenario the way the
 * test will (the module's own export of it). Never overwrites: when another file has the name,
 * the test goes to the first free `<name>-2.test.ts`, `<name>-3.test.ts`, … (`unusedPath`), and a
 * file holding this very test already is left as it is. Returns where the test is.
 */
export async function writeExportedTest(result: ExploreResult, state: ResultState | Violation, file: string, scenario: Scenario, module: ScenarioModuleFile): Promise<WrittenTest> {
  const test = await exportTest(result, state, {
    file: resolve(file),
    scenarioModule: module.file,
    scenarioExport: module.exportName,
    kameraModule: kameraImportFor(file),
    scenarioName: scenario.name,
    // The scenario that was explored, not the module's export loaded again: a command line running
    // a compiled copy of kamera loads the module from the sources, with classes of another copy.
    replay: (s) => replayScenario(scenario, s),
  });
  await mkdir(resolve(file, ".."), { recursive: true });
  const target = await unusedPath(file, test.text);
  // Exclusive: a file another process created since the check is not replaced either.
  if (!target.holdsText) await writeFile(target.path, test.text, { flag: "wx" });
  return { file: target.path, test, alreadyThere: target.holdsText };
}

/** `--export-tests <dir>`: one test per target of `exportTargets`, in `testFile(dir, scenario, name)`. */
export async function exportTests(result: ExploreResult, dir: string, scenario: Scenario, module: ScenarioModuleFile): Promise<WrittenTest[]> {
  const out: WrittenTest[] = [];
  for (const { name, state } of exportTargets(result)) out.push(await writeExportedTest(result, state, testFile(dir, scenario.name, name), scenario, module));
  return out;
}

/**
 * The inspector's `t` key in `kamera explore`: writes a test of `state` to `dir` (the
 * `--export-tests` directory, else the working directory) under the name `--export-tests` gives
 * it, and says where, as `--export-tests` says it.
 */
export async function exportInspectedState(result: ExploreResult, state: ResultState, dir: string, scenario: Scenario, module: ScenarioModuleFile): Promise<string> {
  return writtenTestLine(await writeExportedTest(result, state, testFile(dir, scenario.name, testName(result, state)), scenario, module));
}

/** "test written to <file> (2 steps, not shrinkable)", or "test already in <file> (…)" when the same test was there. */
export function writtenTestLine({ file, test, alreadyThere }: WrittenTest): string {
  const lengths = test.shrunkLength === test.originalLength ? `${test.shrunkLength} step${test.shrunkLength === 1 ? "" : "s"}, not shrinkable` : `shrunk from ${test.originalLength} to ${test.shrunkLength} steps`;
  return `${alreadyThere ? "test already in" : "test written to"} ${file} (${lengths})`;
}
