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
 * registerScenarioLoader(() => import("../examples/index.ts"));
 * ```
 */
export function registerScenarioLoader(load: () => Promise<unknown>): void {
  loaders.push(load);
}

/** URLs of the modules registered with `registerScenarioModule`, in registration order. */
const modules: string[] = [];

/**
 * Registers a module (by URL) whose evaluation registers bundled scenarios, loaded on first
 * need as with `registerScenarioLoader`. Unlike a loader function, a URL can be handed to another
 * thread: an isolated run's worker imports the same modules to find a bundled scenario by name.
 *
 * @example
 * ```ts
 * registerScenarioModule(new URL("../examples/index.js", import.meta.url).href);
 * ```
 */
export function registerScenarioModule(url: string): void {
  modules.push(url);
  registerScenarioLoader(() => import(url));
}

/**
 * The modules registered with `registerScenarioModule`. Scenarios registered otherwise (directly,
 * or through a loader function) cannot be found from another thread.
 *
 * @example
 * ```ts
 * const urls = scenarioModules(); // hand them to a worker thread
 * ```
 */
export function scenarioModules(): readonly string[] {
  return modules.slice();
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
