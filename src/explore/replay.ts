import { createCore } from "../../bindings/createCore.ts";
import type { Engine } from "../../bindings/core.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { ExplorerConfig } from "./explorerConfig.ts";
import type { ExploreOptions } from "./exploreOptions.ts";
import type { PendingReconcile } from "./exploreResult.ts";
import type { InitialState } from "./initialStateBuilder.ts";
import { KubernetesModel, type KubernetesTransition } from "./kubernetesModel.ts";
import type { Schedule } from "./schedule.ts";
import { ScheduleDriftError } from "./scheduleDriftError.ts";
import { formatScheduleStep } from "./scheduleText.ts";
import type { StateOutcome } from "./stateOutcome.ts";
import type { StepRecord } from "./stepRecord.ts";

/**
 * A state a replay went through. `outcome.kind` is "converged" (nothing pending, no invariant
 * failed), "aborted" (an invariant failed, or a reconcile failed under `abortOnError`) or
 * "expanded" (reconciles are pending: the search would go on from it).
 *
 * @example
 * ```ts
 * const { final } = await explorer.replay(initial, schedule);
 * if (final.outcome.kind === "converged") console.log(final.objects.length, "objects");
 * ```
 */
export interface ReplayedState {
  /** The state's id, the same one an exploration gives it. */
  id: string;
  /** Sorted by kind, namespace, name (frozen). */
  objects: readonly KubeObject[];
  pending: PendingReconcile[];
  outcome: StateOutcome;
  /** The invariants that failed here ("always" ones in every state, "converged" ones once nothing is pending); empty when none. */
  violations: { invariant: string; message: string }[];
}

/**
 * One step of a replay: the reconcile as it ran (its writes in `effects`) and the state it led to.
 *
 * @example
 * ```ts
 * for (const { step, state } of run.steps) console.log(step.reconcilerId, step.effects.map((e) => e.op), state.id);
 * ```
 */
export interface ReplayedStep {
  step: StepRecord;
  state: ReplayedState;
}

/**
 * What `explorer.replay` returns: every state along the schedule and the reconciles between them.
 *
 * @example
 * ```ts
 * const run = await explorer.replay(initial, schedule);
 * expect(run.final.violations).toEqual([{ invariant: "one pod", message: "foo has 2 pods" }]);
 * ```
 */
export interface Replay {
  initial: ReplayedState;
  steps: ReplayedStep[];
  /** The last state (the initial one for an empty schedule). */
  final: ReplayedState;
}

/**
 * Options of a replay: an exploration's options are accepted (a scenario's `options` can be passed
 * as they are), but only those that change what a reconcile does apply: `abortOnError`,
 * `reconcileTimeoutMs` and `engine` (default "reference": a replay is too short for the Wasm core
 * to pay off).
 *
 * @example
 * ```ts
 * await explorer.replay(initial, schedule, { abortOnError: true, reconcileTimeoutMs: 1000 });
 * ```
 */
export type ReplayOptions = ExploreOptions;

/**
 * Runs exactly the reconciles of `schedule`, in order, through the same model an exploration
 * uses, and returns the states and writes along the way. A step that does not fit the state it
 * reaches (not pending there, a view its reconciler cannot take, other `ctx.choose` calls, or
 * after an aborted or converged state) throws a `ScheduleDriftError` naming the step and what
 * could run instead.
 *
 * @example
 * ```ts
 * const run = await replaySchedule(explorer.config, initial, parseSchedule(text));
 * for (const s of run.steps) console.log(s.step.reconcilerId, s.step.effects.length, s.state.id);
 * ```
 */
export async function replaySchedule(config: ExplorerConfig, initial: InitialState, schedule: Schedule, opts: ReplayOptions = {}): Promise<Replay> {
  const options: ExploreOptions = { memoizeReconciles: false };
  if (opts.abortOnError !== undefined) options.abortOnError = opts.abortOnError;
  if (opts.reconcileTimeoutMs !== undefined) options.reconcileTimeoutMs = opts.reconcileTimeoutMs;
  const model = new KubernetesModel(config, initial, options);
  const engine: Engine = opts.engine ?? "reference";
  const core = await createCore({ engine, frontier: "bfs", seed: 1, expectedStates: schedule.length + 1 });
  const outcomes = new Map<number, StateOutcome>();
  const stateOf = (s: number): ReplayedState => {
    let outcome = outcomes.get(s);
    if (outcome === undefined) {
      outcome = model.isFinal(s) ? (model.reachedFinal(s) ?? { kind: "converged" }) : { kind: "expanded" };
      outcomes.set(s, outcome);
    }
    return {
      id: core.fingerprint(s).toString(16).padStart(16, "0"),
      objects: model.objects(s),
      pending: model.pending(s),
      outcome,
      violations: outcome.violations ?? [],
    };
  };

  const s0 = await model.initial(core);
  const violated0 = model.discovered(s0, undefined);
  if (violated0) outcomes.set(s0, violated0);
  const first = stateOf(s0);
  const run: Replay = { initial: first, steps: [], final: first };
  const registered = config.registrations.map((r) => r.id);
  schedule.forEach((scheduled, i) => {
    // A reconciler renamed or removed since the schedule was written: say that, not that it is not pending.
    if (!registered.includes(scheduled.reconcilerId)) {
      throw new ScheduleDriftError(`step ${i + 1} (${formatScheduleStep(scheduled)}) names no registered reconciler: "${scheduled.reconcilerId}" is not one of ${registered.join(", ") || "(none)"}`, i + 1, []);
    }
  });
  let s = s0;
  for (let i = 0; i < schedule.length; i++) {
    const scheduled = schedule[i]!;
    const stepNo = i + 1;
    const here = outcomes.get(s) ?? stateOf(s).outcome;
    if (here.kind === "aborted") {
      throw new ScheduleDriftError(
        `step ${stepNo} (${formatScheduleStep(scheduled)}) follows an aborted state (${describeOutcome(here)}): an exploration ends the path there, so the schedule should end at step ${i}`,
        stepNo,
        [],
      );
    }
    const options = model.replayOptions(s);
    const index = options.findIndex((o) => o.reconcilerId === scheduled.reconcilerId && o.request.namespace === scheduled.request.namespace && o.request.name === scheduled.request.name);
    const enabled = options.flatMap((o) => o.views.map((v) => formatScheduleStep({ reconcilerId: o.reconcilerId, request: o.request, ...(v ? { staleView: v } : {}) })));
    if (index < 0) {
      throw new ScheduleDriftError(
        `step ${stepNo} (${formatScheduleStep(scheduled)}) is not enabled: that reconcile is not pending ${after(i)}. ` +
          (enabled.length === 0 ? "Nothing is pending there: the path converged." : `Pending instead:\n  ${enabled.join("\n  ")}`),
        stepNo,
        enabled,
      );
    }
    const option = options[index]!;
    const view = option.views.findIndex((v) => sameView(v, scheduled.staleView));
    if (view < 0) {
      const views = option.views.map((v) => formatScheduleStep({ ...scheduled, choices: undefined, ...(v ? { staleView: v } : { staleView: undefined }) }));
      throw new ScheduleDriftError(
        `step ${stepNo} (${formatScheduleStep(scheduled)}): ${scheduled.reconcilerId} cannot take that view ${after(i)}. Its views there:\n  ${views.join("\n  ")}`,
        stepNo,
        enabled,
      );
    }
    const picks = (scheduled.choices ?? []).map((c) => c.index);
    let via: KubernetesTransition | undefined;
    const parent = s;
    const added = await model.replayStep(s, core.depth(s), index, view, picks, (t) => {
      via = t;
      return core.addSuccessor(parent, t.step, t.changed, t.pending, t.cursors);
    });
    const record = model.step(via!.step);
    const ran = (record.choices ?? []).join(" ");
    const wanted = (scheduled.choices ?? []).map((c) => `${c.label}=${c.index}`).join(" ");
    if (ran !== wanted) {
      throw new ScheduleDriftError(
        `step ${stepNo} (${formatScheduleStep(scheduled)}): the reconcile's ctx.choose calls were ${ran === "" ? "none" : ran}, not ${wanted === "" ? "none" : wanted}` +
          (record.error !== undefined ? ` (it failed: ${record.error})` : ""),
        stepNo,
        enabled,
      );
    }
    s = added.stateId;
    if (added.isNew) {
      const violated = model.discovered(s, via);
      if (violated) outcomes.set(s, violated);
    }
    // A failure ends the path at the failing step, also in a state met before (a throw that
    // wrote nothing leads back to the state it ran in), as the checker's does.
    const failure = model.failure(via!);
    if (failure !== undefined && (outcomes.get(s)?.kind ?? "expanded") === "expanded") outcomes.set(s, failure);
    const state = stateOf(s);
    run.steps.push({ step: record, state });
    run.final = state;
  }
  return run;
}

/** Where a step starts: "in the initial state" for the first, else "after step i". */
function after(i: number): string {
  return i === 0 ? "in the initial state" : `after step ${i}`;
}

function sameView(a: Record<string, number> | undefined, b: Record<string, number> | undefined): boolean {
  const ka = Object.keys(a ?? {}).sort();
  const kb = Object.keys(b ?? {}).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a![k] === b![k]);
}

function describeOutcome(o: StateOutcome): string {
  if (o.violations?.length) return o.violations.map((v) => `invariant "${v.invariant}" failed: ${v.message}`).join("; ");
  return o.error !== undefined ? `${o.reason}: ${o.error}` : (o.reason ?? o.kind);
}

