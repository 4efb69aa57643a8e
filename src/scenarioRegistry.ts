import { KameraError } from "./kameraError.ts";
import type { Scenario } from "./scenario.ts";

/**
 * The scenarios `kamera explore <name>`, `kamera examples` and the browser inspector offer by
 * name, in registration order. kamera's own modules never import the examples: the examples
 * module registers its scenarios here when it is loaded, and the program's entry decides to load
 * it (bin/kamera.js through `registerScenarioLoader`, the page's build by importing it into the
 * exploration worker).
 */
const registered: Scenario[] = [];

/** Modules still to load before the list is complete; each registers its scenarios when it runs. */
const loaders: (() => Promise<unknown>)[] = [];

/** The URLs of the loaders' modules, when known: worker threads and processes import them to know the same scenarios. */
const loaderModules: string[] = [];

/**
 * The scenarios registered so far, as a live list (it grows as scenarios register). Code that may
 * run before a loader has run calls `loadBundledScenarios()` instead.
 */
export const bundledScenarios: readonly Scenario[] = registered;

/**
 * Adds scenarios to the bundled list. A name is registered once: a second scenario of the same
 * name is a mistake in whoever bundles them, and throws a KameraError naming it.
 *
 * @example
 * ```ts
 * registerScenario({ name: "trivial", description: "two controllers race", build: () => ... });
 * ```
 */
export function registerScenario(...scenarios: readonly Scenario[]): void {
  for (const scenario of scenarios) {
    if (registered.some((s) => s.name === scenario.name)) {
      throw new KameraError(`a bundled scenario named "${scenario.name}" is already registered; each name must be unique`);
    }
    registered.push(scenario);
  }
}

/**
 * Registers a module to load on first need (`kamera inspect` never needs the examples, and
 * loading them would slow every start). The module registers its scenarios as it is evaluated.
 *
 * @example
 * ```ts
 * registerScenarioLoader(() => import("../examples/index.ts"), new URL("../examples/index.ts", import.meta.url).href);
 * ```
 */
export function registerScenarioLoader(load: () => Promise<unknown>, moduleUrl?: string): void {
  loaders.push(load);
  if (moduleUrl !== undefined) loaderModules.push(moduleUrl);
}

/**
 * The modules registered with `registerScenarioLoader(load, moduleUrl)`: what a worker thread or
 * process imports to know the same bundled scenarios.
 *
 * @example
 * ```ts
 * for (const url of bundledScenarioModules()) await import(url);
 * ```
 */
export function bundledScenarioModules(): readonly string[] {
  return loaderModules.slice();
}

/**
 * Registers a module (by URL) whose evaluation registers bundled scenarios, loaded on first
 * need as with `registerScenarioLoader`. Unlike a bare loader function, a URL can be handed to
 * another thread or process: isolated runs and parallel workers import the same modules
 * (`bundledScenarioModules()`) to find a bundled scenario by name.
 *
 * @example
 * ```ts
 * registerScenarioModule(new URL("../examples/index.js", import.meta.url).href);
 * ```
 */
export function registerScenarioModule(url: string): void {
  registerScenarioLoader(() => import(url), url);
}

/**
 * Runs the pending loaders, then resolves to every bundled scenario in registration order.
 *
 * @example
 * ```ts
 * const names = (await loadBundledScenarios()).map((s) => s.name);
 * ```
 */
export async function loadBundledScenarios(): Promise<readonly Scenario[]> {
  while (loaders.length > 0) await loaders.shift()!();
  return registered;
}
