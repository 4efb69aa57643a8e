import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { UsageError } from "./usageError.ts";
import type { ExploreResult, ResultState, Violation } from "../explore/exploreResult.ts";
import { replayScenario } from "../explore/replayScenario.ts";
import { exportTest, type ExportedTest } from "../results/exportTest.ts";
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

/** A file name part: lower case letters, digits and dashes. */
export function testFileSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "x";
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
  const out: { name: string; state: ResultState | Violation }[] = [];
  for (const [invariant, v] of [...byInvariant].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out.push({ name: `violation-${testFileSlug(invariant)}`, state: v });
  for (const s of result.nonConverging) out.push({ name: `livelock-${s.id.slice(0, 8)}`, state: s });
  for (const s of result.keepsFailing) out.push({ name: `keeps-failing-${testFileSlug(s.failedReconcile?.reconcilerId ?? "reconciler")}-${s.id.slice(0, 8)}`, state: s });
  return uniquelyNamed(out);
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

/**
 * Writes a test of `state` to `file`, shrinking its schedule by replaying the scenario the way the
 * test will (the module's own export of it). Returns what was written.
 */
export async function writeExportedTest(result: ExploreResult, state: ResultState | Violation, file: string, scenario: Scenario, module: ScenarioModuleFile): Promise<ExportedTest> {
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
  await writeFile(file, test.text);
  return test;
}

/** `--export-tests <dir>`: one test per target of `exportTargets`, named `<scenario>.<target>.test.ts`. */
export async function exportTests(result: ExploreResult, dir: string, scenario: Scenario, module: ScenarioModuleFile): Promise<{ file: string; test: ExportedTest }[]> {
  const out: { file: string; test: ExportedTest }[] = [];
  for (const { name, state } of exportTargets(result)) {
    const file = join(dir, `${testFileSlug(scenario.name)}.${name}.test.ts`);
    out.push({ file, test: await writeExportedTest(result, state, file, scenario, module) });
  }
  return out;
}
