import type { Client } from "../client/client.ts";
import { GARBAGE_COLLECTOR_ID, garbageCollectorRegistration } from "../controllers/garbageCollector.ts";
import { KameraError } from "../kameraError.ts";
import { KindRegistry, parseKindIn, type KindOptions } from "../kinds.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { identityFieldMaskedBy } from "../objects/identityMask.ts";
import type { Reconciler, Request } from "../reconciler.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import { Explorer } from "./explorer.ts";
import { InitialStateBuilder } from "./initialStateBuilder.ts";
import type { InvariantFn, InvariantRegistration, InvariantWhen } from "./invariant.ts";
import { reconcilerOfSnapshotController, type SnapshotController, type SnapshotRecorder } from "./snapshotController.ts";
import type { StalenessOptions } from "./staleness.ts";

/** Chained registration of one reconciler's watches (controller-runtime's For / Owns / Watches). */
export class ReconcilerBuilder {
  constructor(
    private readonly reg: ControllerRegistration,
    private readonly owner: ExplorerBuilder,
  ) {}

  /** The primary kind: effects on it enqueue (id, namespace, name). Exactly one per reconciler. */
  for(kind: string): this {
    parseKindIn(kind, `.for(...) of reconciler "${this.reg.id}"`);
    if (this.reg.for) throw new KameraError(`reconciler "${this.reg.id}" already has .for("${this.reg.for}"); a reconciler has one primary kind`);
    this.reg.for = kind;
    return this;
  }

  /** Effects on objects of `kind` enqueue their controlling owner of the primary kind. */
  owns(kind: string): this {
    parseKindIn(kind, `.owns(...) of reconciler "${this.reg.id}"`);
    this.reg.owns.push(kind);
    return this;
  }

  /** Effects on objects of `kind` enqueue `map(obj)`. */
  watches(kind: string, map: (obj: KubeObject) => Request[]): this {
    parseKindIn(kind, `.watches(...) of reconciler "${this.reg.id}"`);
    if (typeof map !== "function") throw new KameraError(`watches("${kind}") of "${this.reg.id}" needs a mapper function (obj) => Request[]`);
    this.reg.watches.push({ kind, map });
    return this;
  }

  /** Back to the explorer builder, for chaining. */
  done(): ExplorerBuilder {
    return this.owner;
  }
}

/**
 * Assembles an exploration: reconcilers and their watches, kinds, invariants, bounds.
 * Registration mistakes throw a `KameraError` immediately.
 *
 * @example
 * ```ts
 * const eb = new ExplorerBuilder();
 * eb.withReconciler("FooController", (client) => new FooReconciler(client)).for("webapp.example.com/Foo");
 * const initial = eb.initialState().addTopLevelObject(foo, "FooController").build();
 * const result = await eb.build().explore(initial);
 * ```
 */
export class ExplorerBuilder {
  private maxDepth = 100;
  private readonly registrations: ControllerRegistration[] = [];
  private readonly kinds = new KindRegistry();
  private readonly invariants: InvariantRegistration[] = [];
  private readonly staleness = new Map<string, StalenessOptions>();
  private readonly masks = new Map<string, string[]>();
  private tickMs = 3_600_000;
  private garbageCollector = true;

  /** Bounds the shortest distance from the initial state of any explored state (default 100). */
  withMaxDepth(depth: number): this {
    if (!Number.isInteger(depth) || depth < 0) throw new KameraError(`withMaxDepth: expected a non-negative integer, got ${String(depth)}`);
    this.maxDepth = depth;
    return this;
  }

  /** Registers a reconciler; `factory` is called for every reconcile with that reconcile's client. */
  withReconciler(id: string, factory: (client: Client) => Reconciler): ReconcilerBuilder {
    if (typeof factory !== "function") throw new KameraError(`withReconciler("${id}"): the factory must be a function (client) => Reconciler`);
    return this.register(id, (client) => factory(client));
  }

  /**
   * Registers a snapshot-style controller: it reads every object at once and records its writes
   * (the original kamera's controller interface). See `SnapshotController`.
   */
  withSnapshotController(id: string, factory: (recorder: SnapshotRecorder) => SnapshotController): ReconcilerBuilder {
    return this.registerSnapshotController("withSnapshotController", id, factory);
  }

  /**
   * The former name of `withSnapshotController`.
   *
   * @deprecated Use `withSnapshotController`; "strategy" now means only the search order (`ExploreOptions.strategy`).
   */
  withStrategy(id: string, factory: (recorder: SnapshotRecorder) => SnapshotController): ReconcilerBuilder {
    return this.registerSnapshotController("withStrategy", id, factory);
  }

  private registerSnapshotController(method: string, id: string, factory: (recorder: SnapshotRecorder) => SnapshotController): ReconcilerBuilder {
    if (typeof factory !== "function") throw new KameraError(`${method}("${id}"): the factory must be a function (recorder) => { reconcileAtState(objects, req, ctx) }`);
    return this.register(id, (client, view) => reconcilerOfSnapshotController(client, () => view.all(), factory));
  }

  /** Declares a custom resource's scope and status subresource (its CRD metadata). */
  withKind(kind: string, opts: KindOptions = {}): this {
    this.kinds.declare(kind, opts);
    return this;
  }

  /**
   * Leaves fields out of state identity for one kind, as dotted paths (`"status.lastProbe"`):
   * states differing only there are the same state.
   */
  withMask(kind: string, paths: string[]): this {
    parseKindIn(kind, "withMask(...)");
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== "string" || p === "")) {
      throw new KameraError(`withMask("${kind}"): expected an array of dotted field paths such as "status.lastProbe"`);
    }
    // The name and namespace are what an object is: masking them would make objects with different
    // names the same version, and states that differ in which objects exist the same state.
    for (const path of paths) {
      const field = identityFieldMaskedBy(path);
      if (field !== undefined) {
        throw new KameraError(
          `withMask("${kind}"): "${path}" cannot be masked, because it reaches ${field}, the object's identity; mask narrower fields instead, such as "metadata.annotations" or "metadata.labels"`,
        );
      }
    }
    this.masks.set(kind, [...(this.masks.get(kind) ?? []), ...paths]);
    return this;
  }

  /** Adds an invariant, checked on every state (`when: "always"`, default) or on converged states only. */
  withInvariant(name: string, check: InvariantFn, opts: { when?: InvariantWhen } = {}): this {
    if (typeof name !== "string" || name === "") throw new KameraError(`withInvariant: the name must be a non-empty string (it names the invariant in results), got ${JSON.stringify(name)}`);
    if (typeof check !== "function") throw new KameraError(`withInvariant("${name}"): the check must be a function (state) => true | string`);
    const when = opts.when ?? "always";
    if (when !== "always" && when !== "converged") throw new KameraError(`withInvariant("${name}"): when must be "always" or "converged", got ${JSON.stringify(when)}`);
    if (this.invariants.some((i) => i.name === name)) throw new KameraError(`an invariant named "${name}" is already registered`);
    this.invariants.push({ name, check, when });
    return this;
  }

  /** Adds prepared controller registrations (e.g. `builtinControllers()`). */
  withControllers(regs: readonly ControllerRegistration[]): this {
    if (!Array.isArray(regs)) throw new KameraError("withControllers: expected an array of controller registrations");
    for (const r of regs) {
      const reg = this.register(r.id, r.factory);
      if (r.for) reg.for(r.for);
      for (const k of r.owns ?? []) reg.owns(k);
      for (const w of r.watches ?? []) reg.watches(w.kind, w.map);
      if (r.trigger) this.registrations[this.registrations.length - 1]!.trigger = r.trigger;
    }
    return this;
  }

  /** Lets a reconciler restart against a lagging API server (see README, "Staleness"). */
  withStaleness(reconcilerId: string, opts: StalenessOptions): this {
    if (!opts || typeof opts !== "object") throw new KameraError(`withStaleness("${reconcilerId}"): expected { lookback, maxRestarts }`);
    for (const [kind, n] of Object.entries(opts.lookback ?? {})) {
      parseKindIn(kind, `withStaleness("${reconcilerId}", { lookback })`);
      if (!Number.isInteger(n) || n < 0) throw new KameraError(`withStaleness("${reconcilerId}"): lookback for "${kind}" must be a non-negative integer (0 = any position), got ${String(n)}`);
    }
    if (Object.keys(opts.lookback ?? {}).length === 0) throw new KameraError(`withStaleness("${reconcilerId}"): lookback must name at least one kind`);
    const maxRestarts = opts.maxRestarts ?? 1;
    if (!Number.isInteger(maxRestarts) || maxRestarts < 0) throw new KameraError(`withStaleness("${reconcilerId}"): maxRestarts must be a non-negative integer`);
    this.staleness.set(reconcilerId, { lookback: { ...opts.lookback }, maxRestarts });
    return this;
  }

  /** The simulated clock's tick per step of depth (default one hour). */
  withTick(ms: number): this {
    if (!Number.isFinite(ms) || ms < 0) throw new KameraError(`withTick: expected a non-negative number of milliseconds, got ${String(ms)}`);
    this.tickMs = ms;
    return this;
  }

  /** Turns off the built-in garbage collector (on by default). */
  withoutGarbageCollector(): this {
    this.garbageCollector = false;
    return this;
  }

  /** Starts describing the initial state. */
  initialState(): InitialStateBuilder {
    return new InitialStateBuilder(this.kinds, (id) => this.registrations.some((r) => r.id === id), () => this.registrations.map((r) => r.id));
  }

  /** Validates the registrations and returns the explorer. */
  build(): Explorer {
    for (const r of this.registrations) {
      if (!r.for) throw new KameraError(`reconciler "${r.id}" has no .for(kind): every reconciler needs a primary kind`);
    }
    for (const id of this.staleness.keys()) {
      if (!this.registrations.some((r) => r.id === id)) {
        throw new KameraError(`withStaleness names unknown reconciler "${id}"; registered: ${this.registrations.map((r) => r.id).join(", ") || "(none)"}`);
      }
    }
    const registrations = this.registrations.map((r) => ({ ...r, owns: [...r.owns], watches: [...r.watches] }));
    // The garbage collector is a controller like any other, registered last (its requests sort after the user's).
    if (this.garbageCollector) {
      if (registrations.some((r) => r.id === GARBAGE_COLLECTOR_ID)) {
        throw new KameraError(`a reconciler is registered as "${GARBAGE_COLLECTOR_ID}", the built-in garbage collector's id; rename it, or call withoutGarbageCollector() to replace the built-in one`);
      }
      registrations.push(garbageCollectorRegistration());
    }
    return new Explorer({
      maxDepth: this.maxDepth,
      registrations,
      kinds: this.kinds,
      invariants: [...this.invariants],
      staleness: new Map(this.staleness),
      masks: new Map(this.masks),
      tickMs: this.tickMs,
    });
  }

  private register(id: string, factory: ControllerRegistration["factory"]): ReconcilerBuilder {
    if (typeof id !== "string" || id === "") throw new KameraError("a reconciler id must be a non-empty string");
    if (this.registrations.some((r) => r.id === id)) throw new KameraError(`a reconciler with id "${id}" is already registered`);
    const reg: ControllerRegistration = { id, factory, for: "", owns: [], watches: [] };
    this.registrations.push(reg);
    return new ReconcilerBuilder(reg, this);
  }
}
