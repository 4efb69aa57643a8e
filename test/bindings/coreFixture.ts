import type { Core, CoreOptions, Engine } from "../../bindings/core.ts";
import { createCore } from "../../bindings/createCore.ts";
import { addMod64, mixCursor, mixRequest, mixSlot } from "../../bindings/fingerprintMix.ts";
import { SplitMix64 } from "../../bindings/splitMix64.ts";

/** Deterministic content hashes for the fixture's ids: kinds are kept apart by the stream. */
export function keyHashOf(id: number): bigint {
  return new SplitMix64(BigInt(id) * 3n + 1n).next();
}
export function versionHashOf(id: number): bigint {
  return new SplitMix64(BigInt(id) * 3n + 2n).next();
}
export function requestHashOf(id: number): bigint {
  return new SplitMix64(BigInt(id) * 3n + 3n).next();
}

/** A core of `engine` with keys [0, keys), versions [1, versions] and requests [0, requests) registered. */
export async function fixtureCore(
  engine: Engine,
  opts: CoreOptions = {},
  ids: { keys?: number; versions?: number; requests?: number } = {},
): Promise<Core> {
  const core = await createCore({ ...opts, engine, wasmBuild: opts.wasmBuild ?? "debug" });
  for (let k = 0; k < (ids.keys ?? 8); k++) core.registerKey(k, keyHashOf(k));
  for (let v = 1; v <= (ids.versions ?? 8); v++) core.registerVersion(v, versionHashOf(v));
  for (let r = 0; r < (ids.requests ?? 8); r++) core.registerRequest(r, requestHashOf(r));
  return core;
}

/** The fingerprint of a state computed from scratch (the definition in bindings/core.ts). */
export function fingerprintFromScratch(slots: Uint32Array, pending: Uint32Array, cursors: Uint32Array): bigint {
  let fp = 0n;
  for (let i = 0; i < slots.length; i += 2) {
    if (slots[i + 1] !== 0) fp = addMod64(fp, mixSlot(keyHashOf(slots[i]!), versionHashOf(slots[i + 1]!)));
  }
  for (const r of pending) fp = addMod64(fp, mixRequest(requestHashOf(r)));
  for (let i = 0; i < cursors.length; i += 2) fp = addMod64(fp, mixCursor(i >> 1, cursors[i]!, cursors[i + 1]!));
  return fp;
}

export const NONE = new Uint32Array(0);

/**
 * Builds a graph with the given edges: state s is the world {key 0 → version s + 1}, so an edge
 * to a new state must name the next id. Returns the core; edge ids follow the list.
 */
export async function graphCore(engine: Engine, states: number, edges: readonly (readonly [number, number])[], opts: CoreOptions = {}): Promise<Core> {
  const core = await fixtureCore(engine, opts, { keys: 1, versions: states, requests: 0 });
  core.addInitial(new Uint32Array([0, 1]), NONE, NONE);
  for (const [i, [from, to]] of edges.entries()) {
    const r = core.addSuccessor(from, i, new Uint32Array([0, to + 1]), NONE, NONE);
    if (r.stateId !== to) throw new Error(`edge ${i} to ${to} made state ${r.stateId}; new states must be named in order`);
  }
  return core;
}

/** Pops the whole frontier. */
export function drain(core: Core): number[] {
  const order: number[] = [];
  for (let s = core.next(); s >= 0; s = core.next()) order.push(s);
  return order;
}
