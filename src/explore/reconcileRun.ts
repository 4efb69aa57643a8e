import { ApiError } from "../apiserver/apiError.ts";
import { KEEP_ALL, stateReader, type StateReader } from "../apiserver/stateReader.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import type { World } from "../apiserver/world.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { WriteTransaction } from "../apiserver/writeTransaction.ts";
import { createClient } from "../client/reconcileClient.ts";
import type { KindRegistry } from "../kinds.ts";
import type { Hasher } from "../objects/hasher.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import { describeThrown } from "../objects/safeDescribe.ts";
import { checkReconcileResult } from "../reconcileResultCheck.ts";
import type { ReconcileContext, ReconcileResult, Request } from "../reconciler.ts";
import type { Effect } from "../apiserver/effect.ts";
import { ChoiceDriver } from "./choiceDriver.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { WorldReader } from "../apiserver/worldReader.ts";
import { errorLocation } from "./errorLocation.ts";
import { ReconcileBudget, durationText } from "./reconcileBudget.ts";
import { nextMacrotaskTurn } from "./macrotaskTurn.ts";

/** What one run of a reconcile did. */
export interface ReconcileOutcome {
  effects: Effect[];
  /** The true world after the writes. */
  world: World;
  meta: ServerMeta;
  /** The thrown value's name and message, without its stack (which names kamera's frames; `errorLocation` names the user's). */
  error?: string;
  /** `file:line:col` of the user's code where the error was thrown (see `errorLocation`). */
  errorLocation?: string;
  requeue: boolean;
  requeueAfter?: number;
  choices: ChoiceDriver;
  logs: string[];
  /** The reconcile was cut off by its time budget (its outcome depends on timing, not only on its reads). */
  timedOut?: boolean;
}

export interface ReconcileRunInput {
  reg: ControllerRegistration;
  request: Request;
  /** What the reconciler reads: the true world, or a stale view. */
  view: World;
  /** What writes are validated against. */
  trueWorld: World;
  meta: ServerMeta;
  now: Date;
  kinds: KindRegistry;
  hasher: Hasher;
  prefix: readonly number[];
  /** Whether `prefix` comes from a user's schedule (`kamera replay`): an index out of range is then the schedule's mistake. */
  prefixScheduled?: boolean;
  timeoutMs: number;
  /**
   * Wraps the readers the reconcile reads its state through (its client's view, its factory's
   * view, its writes' checks, its clock), like controller-runtime's `interceptor.Funcs` wraps a
   * client: reconcile memoization records a run's reads this way. The wrapper must answer as the
   * reader it wraps does.
   */
  interceptReads?: (reader: StateReader) => StateReader;
  /** Told when the user's code (the factory and `reconcile`) starts and when its run is over. */
  watch?: { started(): void; finished(): void };
}

/** Where the user's code threw, never throwing itself (an error's `stack` may be a throwing getter). */
function thrownLocation(e: unknown): string | undefined {
  try {
    return errorLocation(e);
  } catch {
    return undefined;
  }
}

/**
 * Runs one reconcile against a view, with writes going to a transaction over the true world,
 * the simulated clock, replayed choices and a time budget. A throw, a rejected promise or a
 * promise that never settles becomes an error on the outcome, never an exception here.
 * `intercept` stands in for `input.interceptReads` (a caller that adds its own saves copying the input).
 */
export async function runReconcile(input: ReconcileRunInput, intercept = input.interceptReads): Promise<ReconcileOutcome> {
  const nowMs = input.now.getTime();
  const truth = intercept ? intercept(stateReader(input.trueWorld, input.meta, nowMs)) : undefined;
  const view = !intercept ? undefined : input.view === input.trueWorld ? truth! : intercept(stateReader(input.view, input.meta, nowMs));
  const txn = new WriteTransaction({ kinds: input.kinds, world: input.trueWorld, meta: input.meta, now: input.now, hasher: input.hasher, reader: truth });
  const what = reconcileText(input);
  const budget = new ReconcileBudget(input.timeoutMs, what, () => ctx.abort());
  const client = createClient({ view: view ?? input.view, txn, kinds: input.kinds, beforeCall: budget.check.bind(budget) });
  const choices = new ChoiceDriver(input.prefix, input.prefixScheduled === true);
  const logs: string[] = [];
  const ctx = new RunContext(truth, nowMs, budget, choices, logs);
  let result: ReconcileResult | void = undefined;
  let failure: { error: string; location?: string } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.watch?.started();
  try {
    const reconciler = input.reg.factory(client, view ? new ReaderWorld(view) : input.view);
    if (!reconciler || typeof reconciler.reconcile !== "function") {
      throw new TypeError(`the factory of "${input.reg.id}" returned ${reconciler === null ? "null" : typeof reconciler}, not an object with a reconcile method`);
    }
    let returned = reconciler.reconcile({ namespace: input.request.namespace, name: input.request.name }, ctx);
    if (returned && typeof (returned as PromiseLike<unknown>).then === "function") {
      // Reconciles against the simulated server settle within microtasks; only one that is still
      // pending after a macrotask turn needs a timer (which saves a timer per reconcile). The
      // turn is shared: one immediate per event-loop turn, not one per reconcile.
      let settled = false;
      const watched = (returned as Promise<ReconcileResult | void>).then(
        (v) => ((settled = true), v),
        (e) => {
          settled = true;
          throw e;
        },
      );
      await Promise.race([watched, nextMacrotaskTurn()]).catch(() => undefined);
      if (settled) returned = await watched;
    }
    if (returned && typeof (returned as PromiseLike<unknown>).then === "function") {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // Spending the budget also makes every later client call of this reconcile throw.
          reject(budget.spend(`${what} timed out after ${durationText(input.timeoutMs)} (its promise never settled; raise reconcileTimeoutMs / --reconcile-timeout if it is only slow)`));
        }, input.timeoutMs);
      });
      result = await Promise.race([returned as Promise<ReconcileResult | void>, timeout]);
    } else {
      result = returned as ReconcileResult | void;
    }
  } catch (e) {
    // An API error reads as the server's message alone, like the status line a client prints.
    failure = { error: e instanceof ApiError ? e.message : describeThrown(e).error };
    const location = thrownLocation(e);
    if (location !== undefined) failure.location = location;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    input.watch?.finished();
  }
  // A reconcile that caught the budget's error and returned anyway still failed: its run was cut off.
  const timedOut = budget.spent !== undefined;
  if (budget.spent) failure = { error: describeThrown(budget.spent).error };
  // Snapshot now: a reconcile that timed out may still write later, and those writes must not count.
  const effects = txn.effects.slice();
  const outcome: ReconcileOutcome = new RunOutcome(effects, input.trueWorld, txn.meta(), choices, logs);
  if (timedOut) outcome.timedOut = true;
  if (failure) {
    outcome.error = failure.error;
    if (failure.location !== undefined) outcome.errorLocation = failure.location;
    return outcome;
  }
  const checked = checkReconcileResult(input.reg.id, result);
  if ("error" in checked) {
    outcome.error = checked.error;
    return outcome;
  }
  outcome.requeue = checked.requeue;
  if (checked.requeueAfter !== undefined) outcome.requeueAfter = checked.requeueAfter;
  return outcome;
}

/**
 * A run's outcome. The world after its writes is made when first read: the explorer mostly asks
 * only for the objects the writes touched (`objectAfter`), and making the world copies the key
 * map of every object in it. It is the true world with `effects` applied in order, which is what
 * the transaction's world was when the effects were snapshotted.
 */
class RunOutcome implements ReconcileOutcome {
  requeue = false;
  // Set only when they apply, as the outcome's fields always were: `declare` makes no property.
  declare requeueAfter?: number;
  declare error?: string;
  declare errorLocation?: string;
  declare timedOut?: boolean;
  private after: World | undefined = undefined;

  constructor(
    readonly effects: Effect[],
    private readonly before: World,
    readonly meta: ServerMeta,
    readonly choices: ChoiceDriver,
    readonly logs: string[],
  ) {}

  get world(): World {
    if (this.after === undefined) {
      const changes = new Map<string, KubeObject | undefined>();
      for (const e of this.effects) changes.set(objectKeyString(e.kind, e.namespace, e.name), e.after);
      this.after = this.before.with(changes);
    }
    return this.after;
  }

  /** One object of the world after the writes, without making that world: the last write to it, or the true world's. */
  objectAfter(kind: string, namespace: string, name: string): KubeObject | undefined {
    if (this.after !== undefined) return this.after.get(kind, namespace, name);
    for (let i = this.effects.length - 1; i >= 0; i--) {
      const e = this.effects[i]!;
      if (e.name === name && e.namespace === namespace && e.kind === kind) return e.after;
    }
    return this.before.get(kind, namespace, name);
  }
}

/** "reconcile of X on ns/name", as errors name a run. */
function reconcileText(input: ReconcileRunInput): string {
  return `reconcile of ${input.reg.id} on ${input.request.namespace ? `${input.request.namespace}/` : ""}${input.request.name}`;
}

/**
 * The `ctx` of one run. One is made per reconcile that really runs, so it is a class (an object
 * literal with the `signal` getter is created slowly), and its functions are own properties
 * assigned here, so that a reconciler may still take them off `ctx` (`const { log } = ctx`).
 */
class RunContext implements ReconcileContext {
  readonly now: () => Date;
  readonly choose: <T>(label: string, options: readonly T[]) => T;
  readonly log: (msg: string, fields?: Record<string, unknown>) => void;
  /** Most reconcilers never look at the signal: it is created only when asked for. */
  private controller: AbortController | undefined;

  constructor(truth: StateReader | undefined, nowMs: number, budget: ReconcileBudget, choices: ChoiceDriver, logs: string[]) {
    this.now = () => new Date(truth ? truth.now() : nowMs);
    this.choose = (label, options) => {
      budget.check(`ctx.choose("${label}")`);
      return choices.choose(label, options);
    };
    this.log = (msg, fields) => {
      logs.push(fields ? `${msg} ${JSON.stringify(fields)}` : msg);
    };
  }

  get signal(): AbortSignal {
    return (this.controller ??= new AbortController()).signal;
  }

  /** The budget is spent: tell whoever listens to the signal (nobody, if it was never read). */
  abort(): void {
    this.controller?.abort();
  }
}

/**
 * A factory's view of the world, read through `reader`. Its functions are own properties (a
 * factory may take them off the view), assigned in the constructor: one view is made per run.
 */
class ReaderWorld implements WorldReader {
  readonly get: WorldReader["get"];
  readonly list: WorldReader["list"];
  readonly all: WorldReader["all"];
  readonly findByUid: WorldReader["findByUid"];
  readonly dependentsOf: WorldReader["dependentsOf"];
  constructor(reader: StateReader) {
    this.get = (kind, namespace, name) => reader.get(objectKeyString(kind, namespace, name));
    this.list = (kind) => reader.list(kind, KEEP_ALL);
    this.all = () => reader.all();
    this.findByUid = (uid) => reader.findByUid(uid);
    this.dependentsOf = (ownerUid) => reader.dependentsOf(ownerUid);
  }
}
