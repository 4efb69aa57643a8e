import type { Path } from "./exploreResult.ts";
import type { Request } from "../reconciler.ts";
import { KameraError } from "../kameraError.ts";

/**
 * One `ctx.choose` pick of a scheduled step: the label the reconciler gave and the option index it takes.
 *
 * @example
 * ```ts
 * const pick: ScheduledChoice = { label: "replicas", index: 1 }; // ctx.choose("replicas", [1, 2]) returns 2
 * ```
 */
export interface ScheduledChoice {
  label: string;
  index: number;
}

/**
 * One step of a schedule: which pending reconcile runs, from which view, taking which
 * `ctx.choose` options. Steps are named by what they mean (reconciler id, request, history
 * revisions, choice labels), never by ids internal to one exploration, so a schedule still applies
 * after the reconcilers' code changed.
 *
 * @example
 * ```ts
 * const step: ScheduleStep = { reconcilerId: "Spawner", request: { namespace: "default", name: "foo" } };
 * ```
 */
export interface ScheduleStep {
  reconcilerId: string;
  request: Request;
  /** A stale (restarted) view: the history revision the reconciler reads, per kind. Absent: a view with no stale kind. */
  staleView?: Record<string, number>;
  /** The picks of the reconcile's `ctx.choose` calls, in call order; absent when it makes none. */
  choices?: ScheduledChoice[];
}

/**
 * An exact sequence of reconciles from the initial state: what `explorer.replay` runs and what
 * `formatSchedule` writes as text.
 *
 * @example
 * ```ts
 * const schedule: Schedule = [{ reconcilerId: "Spawner", request: { namespace: "default", name: "foo" } }];
 * ```
 */
export type Schedule = ScheduleStep[];

/** A step's `ctx.choose` picks as a path records them ("label=index"), split at the last "=". */
function parseChoice(text: string, step: number): ScheduledChoice {
  const at = text.lastIndexOf("=");
  const index = at < 0 ? NaN : Number(text.slice(at + 1));
  if (at < 0 || !Number.isInteger(index) || index < 0) throw new KameraError(`step ${step} of the path has a malformed ctx.choose pick "${text}" (expected label=index)`);
  return { label: text.slice(0, at), index };
}

/**
 * The schedule that replays `path` (from `result.violations[i].path`, a state's `paths` or
 * `cycle`, or a run's steps). A state's `paths` list only the steps that wrote or threw: replaying
 * one may leave pending what the exploration ran as a no-op; the path to a violation is complete.
 *
 * @example
 * ```ts
 * const schedule = pathToSchedule(result.violations[0]!.path);
 * console.log(formatSchedule(schedule));
 * ```
 */
export function pathToSchedule(path: Path | readonly { reconcilerId: string; request: Request; choices?: string[]; staleView?: Record<string, number> }[]): Schedule {
  return path.map((s, i) => {
    const step: ScheduleStep = { reconcilerId: s.reconcilerId, request: { namespace: s.request.namespace, name: s.request.name } };
    if (s.staleView && Object.keys(s.staleView).length > 0) step.staleView = { ...s.staleView };
    if (s.choices && s.choices.length > 0) step.choices = s.choices.map((c) => parseChoice(c, i + 1));
    return step;
  });
}
