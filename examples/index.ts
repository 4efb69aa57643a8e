import type { Scenario } from "../src/scenario.ts";
import { registerScenario } from "../src/scenarioRegistry.ts";
import { bugCorpus, findBug } from "./bugs/index.ts";
import { scenario as configMirror } from "./config-mirror/scenario.ts";
import { scenario as duplicateInvariant } from "./duplicate-invariant/scenario.ts";
import { scenario as knativeServing } from "./knative-serving/scenario.ts";
import { scenario as livelock } from "./livelock/scenario.ts";
import { scenario as modeFlip } from "./mode-flip/scenario.ts";
import { scenario as ownershipRace } from "./ownership-race/scenario.ts";
import { scenario as simClock } from "./sim-clock/scenario.ts";
import { scenario as trivial } from "./trivial/scenario.ts";
import { scenario as zookeeper } from "./zookeeper/scenario.ts";

/** A scenario of the bug corpus carries its bug's counterexample, which `kamera strategies` looks for. */
function withBug(scenario: Scenario): Scenario {
  const bug = findBug(scenario.name);
  return bug ? { ...scenario, counterexample: bug.counterexample } : scenario;
}

/** The bundled scenarios, by name, in the order `kamera examples` lists them. */
export const bundledScenarios: readonly Scenario[] = [
  trivial,
  modeFlip,
  ownershipRace,
  simClock,
  livelock,
  duplicateInvariant,
  zookeeper,
  knativeServing,
  configMirror,
  // The bug corpus's own scenarios (the bundled bugs above are in it too).
  ...bugCorpus.filter((b) => b.module.startsWith("examples/bugs/")).map((b) => b.scenario({ fixed: false })),
].map(withBug);

// Loading this module is what bundles the examples: kamera's entries load it, kamera's modules never do.
registerScenario(...bundledScenarios);

/** A bundled scenario by name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return bundledScenarios.find((s) => s.name === name);
}
