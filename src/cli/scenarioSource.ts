import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Scenario } from "../scenario.ts";
import { loadBundledScenarios } from "../scenarioRegistry.ts";
import { givenFile } from "./givenFile.ts";
import { importScenarioModule } from "./scenarioModule.ts";
import { UsageError } from "./usageError.ts";

/**
 * The bundled scenarios, loaded on first use (`kamera inspect` never needs them): the ones the
 * program's entry registered (bin/kamera.js registers the examples).
 */
export async function bundledScenarios(): Promise<readonly Scenario[]> {
  return loadBundledScenarios();
}

/** Whether a module export looks like a `Scenario` (checked before calling into it). */
export function isScenario(value: unknown): value is Scenario {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Partial<Scenario>;
  return typeof s.name === "string" && typeof s.build === "function";
}

function looksLikePath(spec: string): boolean {
  return spec.includes("/") || spec.includes("\\") || /\.(c|m)?(t|j)sx?$/.test(spec);
}

/**
 * Resolves `kamera explore <example-or-module>` (or the scenario argument of another `command`,
 * whose `--help` a mistake points to): a bundled scenario's name, or a path (relative to `cwd`)
 * to a module whose default export or `scenario` export is a `Scenario`. Names win over paths; a
 * path must be a file (`expected` says what a directory given instead should have been, for a
 * command that takes more than modules). Mistakes are `UsageError`s that list the bundled names.
 *
 * @example
 * ```ts
 * const scenario = await resolveScenario("trivial", process.cwd());
 * const { builder, initial } = scenario.build();
 * ```
 */
export async function resolveScenario(spec: string, cwd: string, command = "explore", expected = "a module exporting a Scenario"): Promise<Scenario> {
  const help = `kamera ${command} --help`;
  const bundled = await bundledScenarios();
  const named = bundled.find((s) => s.name === spec);
  if (named) return named;

  // A word that names no file was most likely meant as an example's name: list them.
  const missing = await stat(resolve(cwd, spec)).then(
    () => false,
    (e: NodeJS.ErrnoException) => e.code === "ENOENT" || e.code === "ENOTDIR",
  );
  if (missing && !looksLikePath(spec)) {
    const names = bundled.map((s) => s.name).join(", ");
    throw new UsageError(
      names === ""
        ? `"${spec}" is not an existing module file (and no bundled examples are registered)`
        : `"${spec}" is neither a bundled example (${names}; see \`kamera examples\`) nor an existing module file`,
      help,
    );
  }
  const file = await givenFile(spec, cwd, { expected, help });

  const mod = await importScenarioModule(file, spec);
  const candidate = isScenario(mod.default) ? mod.default : mod.scenario;
  if (!isScenario(candidate)) {
    throw new UsageError(
      `${spec} exports no Scenario: expected a default export or an export named "scenario" with name, description and build()`,
      help,
    );
  }
  return candidate;
}
