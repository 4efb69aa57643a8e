import { admitInitialObject } from "../../src/apiserver/initialObject.ts";
import { emptyServerMeta, type ServerMeta } from "../../src/apiserver/serverMeta.ts";
import { World } from "../../src/apiserver/world.ts";
import { WriteTransaction } from "../../src/apiserver/writeTransaction.ts";
import type { Client } from "../../src/client/client.ts";
import { createClient } from "../../src/client/reconcileClient.ts";
import type { ControllerRegistration } from "../../src/controllerRegistration.ts";
import { TriggerIndex } from "../../src/explore/triggerIndex.ts";
import { KindRegistry } from "../../src/kinds.ts";
import { loadHasher, type Hasher } from "../../src/objects/hasher.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import type { ReconcileContext, Request } from "../../src/reconciler.ts";
import type { Effect } from "../../src/apiserver/effect.ts";

/** One reconcile run by `settle`. */
export interface HarnessStep {
  id: string;
  request: Request;
  effects: Effect[];
  error?: string;
}

const TICK_MS = 3_600_000;

/**
 * Drives controllers against the real simulated API server, one reconcile at a time, on a single
 * path: the world, server bookkeeping and simulated clock advance with every reconcile. Unit
 * tests use `reconcile` to run one controller once; `settle` runs several controllers together
 * (first come, first served over a pending set, with the explorer's watch rules) until nothing
 * is pending.
 */
export class ControllerHarness {
  private depth = 0;
  /** Options `ctx.choose` takes, in order; when empty it takes the first option. */
  readonly choices: number[] = [];
  /** Every `ctx.choose` label seen, in order. */
  readonly chosen: string[] = [];

  private constructor(
    readonly kinds: KindRegistry,
    private readonly hasher: Hasher,
    public world: World,
    private meta: ServerMeta,
  ) {}

  /** A harness whose world holds `objects`, admitted as a scenario's initial objects are. */
  static async of(objects: readonly KubeObject[]): Promise<ControllerHarness> {
    const kinds = new KindRegistry();
    const hasher = await loadHasher();
    let meta = emptyServerMeta();
    const entries: [string, KubeObject][] = [];
    for (const o of objects) {
      const admitted = admitInitialObject(kinds, o, meta, new Date(0), hasher);
      meta = admitted.meta;
      entries.push([admitted.kind, admitted.object]);
    }
    return new ControllerHarness(kinds, hasher, World.fromObjects(entries), meta);
  }

  /** The simulated clock of the next reconcile. */
  now(): Date {
    return new Date(this.depth * TICK_MS);
  }

  get<T extends KubeObject = KubeObject>(kind: string, namespace: string, name: string): T | undefined {
    return this.world.get(kind, namespace, name) as T | undefined;
  }

  list<T extends KubeObject = KubeObject>(kind: string, namespace?: string): T[] {
    return this.world.list(kind).filter((o) => namespace === undefined || o.metadata?.namespace === namespace) as T[];
  }

  private context(): ReconcileContext {
    const now = this.now();
    return {
      now: () => now,
      choose: <T>(label: string, options: readonly T[]): T => {
        this.chosen.push(label);
        const i = this.choices.shift() ?? 0;
        if (i >= options.length) throw new Error(`harness: choice ${i} out of range for "${label}" (${options.length} options)`);
        return options[i]!;
      },
      signal: new AbortController().signal,
      log: () => {},
    };
  }

  /** Runs writes as a user would (edits between reconciles); returns their effects. */
  async write(fn: (client: Client) => Promise<unknown>): Promise<Effect[]> {
    const txn = new WriteTransaction({ kinds: this.kinds, world: this.world, meta: this.meta, now: this.now(), hasher: this.hasher });
    await fn(createClient({ view: this.world, txn, kinds: this.kinds }));
    this.world = txn.world();
    this.meta = txn.meta();
    this.depth++;
    return txn.effects.slice();
  }

  /**
   * Runs one reconcile of `reg` for `request` (a `"namespace/name"` string or a Request) against
   * the current world and applies its writes. A reconcile that throws throws here too, after
   * applying the writes it made before throwing (as the explorer does).
   */
  async reconcile(reg: ControllerRegistration, request: Request | string, view?: World): Promise<Effect[]> {
    const req = typeof request === "string" ? toRequest(request) : request;
    const txn = new WriteTransaction({ kinds: this.kinds, world: this.world, meta: this.meta, now: this.now(), hasher: this.hasher });
    const readFrom = view ?? this.world;
    const client = createClient({ view: readFrom, txn, kinds: this.kinds });
    try {
      await reg.factory(client, readFrom).reconcile(req, this.context());
    } finally {
      this.world = txn.world();
      this.meta = txn.meta();
      this.depth++;
    }
    return txn.effects.slice();
  }

  /**
   * Runs `regs` together until nothing is pending: starts from `pending` (registration id and
   * request) plus whatever `effects` trigger, runs the oldest pending request, adds what its
   * effects trigger (and the request itself again when it threw), and so on, calling `afterStep`
   * after each reconcile. Throws when more than `maxSteps` reconciles run, which means the
   * controllers do not settle.
   */
  async settle(
    regs: readonly ControllerRegistration[],
    start: { pending?: [string, Request | string][]; effects?: Effect[] } = {},
    opts: { maxSteps?: number; afterStep?: (step: HarnessStep) => void } = {},
  ): Promise<HarnessStep[]> {
    const maxSteps = opts.maxSteps ?? 500;
    const triggers = new TriggerIndex(regs);
    const queue: { reg: number; request: Request }[] = [];
    const keyOf = (reg: number, r: Request) => `${reg}\u0000${r.namespace}\u0000${r.name}`;
    const queued = new Set<string>();
    const push = (reg: number, request: Request) => {
      const k = keyOf(reg, request);
      if (queued.has(k)) return;
      queued.add(k);
      queue.push({ reg, request });
    };
    const pushEffects = (effects: readonly Effect[]) => {
      for (const e of effects) for (const t of triggers.triggered(e, this.world)) push(t.reconciler, t.request);
    };
    for (const [id, r] of start.pending ?? []) {
      const reg = regs.findIndex((x) => x.id === id);
      if (reg < 0) throw new Error(`harness: no registration "${id}"`);
      push(reg, typeof r === "string" ? toRequest(r) : r);
    }
    pushEffects(start.effects ?? []);
    const steps: HarnessStep[] = [];
    while (queue.length > 0) {
      if (steps.length >= maxSteps) {
        throw new Error(`harness: still ${queue.length} pending after ${maxSteps} reconciles; last steps: ${steps.slice(-5).map((s) => `${s.id} ${s.request.namespace}/${s.request.name}${s.error ? ` (${s.error})` : ""}`).join(", ")}`);
      }
      const { reg, request } = queue.shift()!;
      queued.delete(keyOf(reg, request));
      const effectsBefore = this.world;
      const txn = new WriteTransaction({ kinds: this.kinds, world: effectsBefore, meta: this.meta, now: this.now(), hasher: this.hasher });
      const client = createClient({ view: effectsBefore, txn, kinds: this.kinds });
      let error: string | undefined;
      try {
        await regs[reg]!.factory(client, effectsBefore).reconcile(request, this.context());
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      this.world = txn.world();
      this.meta = txn.meta();
      this.depth++;
      const effects = txn.effects.slice();
      const step: HarnessStep = { id: regs[reg]!.id, request, effects, ...(error !== undefined ? { error } : {}) };
      steps.push(step);
      opts.afterStep?.(step);
      pushEffects(effects);
      if (error !== undefined) push(reg, request);
    }
    return steps;
  }
}

/** `"ns/name"` → Request; a bare `"name"` is cluster-scoped. */
export function toRequest(s: string): Request {
  const i = s.indexOf("/");
  return i < 0 ? { namespace: "", name: s } : { namespace: s.slice(0, i), name: s.slice(i + 1) };
}

/** A compact description of effects for assertions: `"CREATE core/Pod default/web-abcde"`. */
export function describeEffects(effects: readonly Effect[]): string[] {
  return effects.map((e) => `${e.op} ${e.kind} ${e.namespace ? `${e.namespace}/` : ""}${e.name}`);
}
