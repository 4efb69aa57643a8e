import { stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Scenario } from "../scenario.ts";
import { importScenarioModule } from "./scenarioModule.ts";
import { isScenario } from "./scenarioSource.ts";
import { UsageError } from "./usageError.ts";

/** kamera's own modules are `.ts` when it runs from its sources, `.js` in the built package. */
const RUNS_FROM_SOURCES = import.meta.url.endsWith(".ts");

/** kamera's entry module and the directory its bundled examples are under (the build's root). */
export const kameraEntry = fileURLToPath(new URL(RUNS_FROM_SOURCES ? "../index.ts" : "../index.js", import.meta.url));
const buildRoot = fileURLToPath(new URL("../../", import.meta.url));
/** The package's root: the sources' root, or the parent of the built `dist/`. */
export const kameraRoot = RUNS_FROM_SOURCES ? buildRoot : join(buildRoot, "..");

/** Where a scenario is defined, for a test that imports it. */
export interface ScenarioModuleFile {
  file: string;
  /** "default", or the name of the export holding the scenario. */
  exportName: string;
  /** The scenario as that export holds it: what a test of it replays. */
  scenario: Scenario;
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}

/**
 * The export of `mod` that is `scenario` ("default" or a name): the very object, or else one of
 * the same name (a bundled bug's scenario is built anew by its factory, with the same options).
 */
function exportHolding(mod: Record<string, unknown>, scenario: Scenario): string | undefined {
  const names = ["default", "scenario", ...Object.keys(mod).filter((k) => k !== "default" && k !== "scenario").sort()].filter((k) => k in mod);
  return names.find((k) => mod[k] === scenario) ?? names.find((k) => isScenario(mod[k]) && mod[k].name === scenario.name);
}

/**
 * The module a test must import to get `scenario`, which `kamera explore` resolved from `spec`:
 * the module file itself, or for a bundled example the `scenario` module of its directory under
 * kamera's `examples/`. The export is found by identity, so it is the very object explored.
 */
export async function scenarioModuleFile(spec: string, cwd: string, scenario: Scenario, help: string): Promise<ScenarioModuleFile> {
  const candidates: string[] = [];
  const file = isAbsolute(spec) ? spec : resolve(cwd, spec);
  if (await exists(file)) candidates.push(file);
  else {
    const ext = RUNS_FROM_SOURCES ? "ts" : "js";
    for (const dir of [join(buildRoot, "examples", spec), join(buildRoot, "examples", "bugs", spec)]) candidates.push(join(dir, `scenario.${ext}`));
  }
  for (const candidate of candidates) {
    if (!(await exists(candidate))) continue;
    const mod = await importScenarioModule(candidate, candidate);
    const exportName = exportHolding(mod, scenario);
    if (exportName !== undefined) return { file: candidate, exportName, scenario: mod[exportName] as Scenario };
  }
  throw new UsageError(
    `cannot tell which module defines the scenario "${scenario.name}", so an exported test could not import it; give the path of the module exporting it instead of its name`,
    help,
  );
}
