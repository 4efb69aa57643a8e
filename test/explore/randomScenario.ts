import { ExplorerBuilder, isNotFound, type Client, type KubeObject, type ReconcileContext, type Reconciler, type Request } from "../../src/index.ts";
import type { InitialState } from "../../src/explore/initialStateBuilder.ts";

/**
 * Seeded generator of small scenarios for differential tests: a few ConfigMaps and Secrets with
 * one small-valued field each, and controllers that read some of them (by get or by list), compute
 * a value and write it into one of them. Triggers are a mix of the primary-kind watch, mapped
 * watches and none at all (a controller that does not watch what it reads), so runs overlap,
 * enqueue each other, sometimes fight forever (livelocks) and sometimes stop early. Some use
 * `ctx.choose`, some carry invariants.
 */
export interface RandomScenario {
  seed: number;
  builder: ExplorerBuilder;
  initial: InitialState;
  describe: string;
}

const KINDS = [
  { kind: "core/ConfigMap", apiVersion: "v1", short: "ConfigMap" },
  { kind: "core/Secret", apiVersion: "v1", short: "Secret" },
] as const;

type Obj = { k: 0 | 1; name: string };

interface Program {
  id: string;
  primary: 0 | 1;
  /** Objects read with get. */
  gets: Obj[];
  /** Kinds listed. */
  lists: (0 | 1)[];
  /** Where the result goes: the request's own object, or a fixed one. */
  target: Obj | "own";
  offset: number;
  /** Writes only when the computed value is below this (so some runs are no-ops). */
  threshold: number;
  watch?: { k: 0 | 1; to: string };
  choose: boolean;
}

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MOD = 3;

class GeneratedReconciler implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly p: Program,
  ) {}

  private async value(k: 0 | 1, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.client.get<KubeObject>({ apiVersion: KINDS[k].apiVersion, kind: KINDS[k].short, namespace: "default", name });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async reconcile(req: Request, ctx: ReconcileContext): Promise<void> {
    const own = await this.value(this.p.primary, req.name);
    if (own === undefined) return;
    let sum = this.p.offset + field(own);
    for (const g of this.p.gets) sum += field(await this.value(g.k, g.name));
    for (const k of this.p.lists) {
      for (const o of await this.client.list(KINDS[k].apiVersion, KINDS[k].short, { namespace: "default" })) sum += field(o);
    }
    if (this.p.choose) sum += ctx.choose("bump", [0, 1]);
    const v = sum % MOD;
    if (v >= this.p.threshold) return;
    const target = this.p.target === "own" ? { k: this.p.primary, name: req.name } : this.p.target;
    const obj = await this.value(target.k, target.name);
    if (obj === undefined || field(obj) === v) return;
    await this.client.update({ ...obj, data: { v: String(v) } });
  }
}

function field(o: KubeObject | undefined): number {
  const v = (o as { data?: { v?: string } } | undefined)?.data?.v;
  return v === undefined ? 0 : Number(v);
}

/** The scenario of `seed`. */
export function randomScenario(seed: number): RandomScenario {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const objects: Obj[] = [];
  const count = 2 + Math.floor(r() * 2);
  for (let i = 0; i < count; i++) objects.push({ k: (i % 2) as 0 | 1, name: `o${i}` });
  const programs: Program[] = [];
  const controllers = 2 + Math.floor(r() * 2);
  for (let i = 0; i < controllers; i++) {
    const primary = (r() < 0.6 ? 0 : 1) as 0 | 1;
    const gets = objects.filter(() => r() < 0.4);
    const p: Program = {
      id: `C${i}`,
      primary,
      gets,
      lists: r() < 0.2 ? [pick([0, 1] as const)] : [],
      target: r() < 0.5 ? "own" : pick(objects),
      offset: Math.floor(r() * MOD),
      threshold: 1 + Math.floor(r() * MOD),
      choose: r() < 0.1,
    };
    if (r() < 0.4) p.watch = { k: pick([0, 1] as const), to: pick(objects.filter((o) => o.k === primary).map((o) => o.name).concat(["o0"])) };
    programs.push(p);
  }
  const eb = new ExplorerBuilder().withMaxDepth(60);
  for (const p of programs) {
    const reg = eb.withReconciler(p.id, (c) => new GeneratedReconciler(c, p)).for(KINDS[p.primary].kind);
    if (p.watch) {
      const to = p.watch.to;
      reg.watches(KINDS[p.watch.k].kind, () => [{ namespace: "default", name: to }]);
    }
  }
  const invariant = r();
  if (invariant < 0.25) eb.withInvariant("o0 never 2", (s) => s.objects.every((o) => o.metadata?.name !== "o0" || field(o) !== 2) || "o0 is 2");
  else if (invariant < 0.5) eb.withInvariant("o1 settles below 2", (s) => s.objects.every((o) => o.metadata?.name !== "o1" || field(o) < 2) || "o1 settled at 2", { when: "converged" });
  const init = eb.initialState();
  for (const o of objects) {
    const obj = { apiVersion: "v1", kind: KINDS[o.k].short, metadata: { name: o.name, namespace: "default" }, data: { v: String(Math.floor(r() * MOD)) } };
    const owners = programs.filter((p) => p.primary === o.k).map((p) => p.id);
    if (owners.length > 0) init.addTopLevelObject(obj, ...owners);
    else init.addObject(obj);
  }
  return { seed, builder: eb, initial: init.build(), describe: JSON.stringify(programs) };
}
