import type { Scenario } from "../scenario.ts";
import { buildScenario } from "./scenarioBuild.ts";
import type { Replay } from "./replay.ts";
import type { Schedule } from "./schedule.ts";

/**
 * Builds `scenario` and replays `schedule` on it with the scenario's own options: what a test
 * exported from a counterexample runs.
 *
 * @example
 * ```ts
 * const run = await replayScenario(scenario, parseSchedule("kamera-schedule 1\nSpawner default/foo\n"));
 * expect(run.final.outcome.kind).toBe("converged");
 * ```
 */
export async function replayScenario(scenario: Scenario, schedule: Schedule): Promise<Replay> {
  const { builder, initial, options } = buildScenario(scenario);
  return builder.build().replay(initial, schedule, options ?? {});
}
