import { namesReduction, reductionOf, type ExploreOptions } from "./exploreOptions.ts";

/**
 * A scenario's explore options with a caller's (the command line's flags, `exploreScenario`'s
 * options) laid over them. Two rules beyond "the caller's value wins":
 * - a reduction the caller names, either way (`reduction`, or `reduceNoOps` as its alias),
 *   replaces the scenario's, whichever way the scenario named it: `--reduce-noops` over a
 *   scenario's `reduction: "por"` means "noops", and `reduceNoOps: false` means no reduction;
 * - the partial-order reduction is for one worker: with workers or NATS (`parallel`) and no
 *   reduction from the caller, a scenario's `reduction: "por"`, or no reduction named at all
 *   (whose default is "por" with one worker), means the search runs without reduction, and
 *   `note` says so (a reduction "por" the caller asks for with workers stays an error).
 *
 * @example
 * ```ts
 * scenarioOptions({ reduction: "por" }, { workers: 2 }, true);
 * // { options: { reduction: "none", workers: 2 }, note: 'the scenario\'s reduction "por" does not run with workers: exploring without reduction' }
 * scenarioOptions(undefined, { workers: 2 }, true).note;
 * // 'the partial-order reduction (the default with one worker) does not run with workers: exploring without reduction'
 * ```
 */
export function scenarioOptions(scenario: ExploreOptions | undefined, given: ExploreOptions, parallel: boolean): { options: ExploreOptions; note?: string } {
  const base: ExploreOptions = { ...scenario };
  const callerNamesReduction = namesReduction(given);
  if (callerNamesReduction) {
    delete base.reduction;
    delete base.reduceNoOps;
  }
  const options: ExploreOptions = { ...base, ...given };
  if (!callerNamesReduction && parallel && reductionOf({ ...base, workers: 1 }) === "por") {
    delete options.reduceNoOps;
    options.reduction = "none";
    const whose = namesReduction(base) ? 'the scenario\'s reduction "por"' : 'the partial-order reduction (the default with one worker)';
    return { options, note: `${whose} does not run with workers: exploring without reduction` };
  }
  return { options };
}
