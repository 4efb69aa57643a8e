import { Writable } from "node:stream";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import { ArrayResultGraph } from "../../src/results/arrayResultGraph.ts";
import { writeDump } from "../../src/results/dumpWriter.ts";
import type { StepRecord } from "../../src/explore/stepRecord.ts";

/**
 * A small explored graph built by hand, with every kind of outcome the inspector draws: two
 * controllers racing to a converged state (two unique paths), an invariant violation after an
 * error step, and a livelock of two states. Objects carry server-managed metadata, so diffs can be
 * checked to hide it.
 *
 *   s0 ─Foo→ s1 ─Bar→ s3 (converged)       s1 ─Fighter→ s5 ⇄ s6 (livelock)
 *   s0 ─Bar→ s2 ─Foo→ s3                   s2 ─Foo(error)→ s4 (violation)
 */

function foo(state: string, rv: string): KubeObject {
  return Object.freeze({
    apiVersion: "webapp.discrete.events/v1",
    kind: "Foo",
    metadata: { name: "foo", namespace: "default", resourceVersion: rv, uid: "uid-foo", generation: 1 },
    spec: { mode: "A" },
    status: { state },
  });
}

const v0 = foo("", "1");
const v1 = foo("A-1", "2");
const v2 = foo("A-Final", "3");
const fought1 = foo("fighter-1", "4");
const fought2 = foo("fighter-2", "5");
const cm: KubeObject = Object.freeze({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "foo-config", namespace: "default", resourceVersion: "3", uid: "uid-cm" },
  data: { mode: "A" },
});

const req = { namespace: "default", name: "foo" };
const pending = (...ids: string[]) => ids.map((reconcilerId) => ({ reconcilerId, request: req }));
const update = (before: KubeObject, after: KubeObject) => ({ op: "UPDATE" as const, kind: "webapp.discrete.events/Foo", namespace: "default", name: "foo", before, after });
const createCm = { op: "CREATE" as const, kind: "core/ConfigMap", namespace: "default", name: "foo-config", after: cm };

const steps: StepRecord[] = [
  { reconcilerId: "FooController", request: req, effects: [update(v0, v1)] },
  { reconcilerId: "BarController", request: req, effects: [update(v0, v1)] },
  { reconcilerId: "BarController", request: req, effects: [update(v1, v2), createCm] },
  { reconcilerId: "FooController", request: req, effects: [update(v1, v2), createCm] },
  { reconcilerId: "FooController", request: req, effects: [], error: "boom: the cache is stale", requeue: true },
  { reconcilerId: "Fighter", request: req, effects: [update(v1, fought1)] },
  { reconcilerId: "Fighter", request: req, effects: [update(fought1, fought2)] },
  { reconcilerId: "Fighter", request: req, effects: [update(fought2, fought1)] },
];

/** Ids of the fixture's states, by state number. */
export const FIXTURE_IDS = ["3f9c2a71d04be815", "a41e07c93b5d2f60", "0c7d5e2a9f13b448", "e2b96d0f4c81a735", "5d0a3c8e71f2b9c4", "9b17f4e0a2c6d853", "71c3a9d5e08f4b2e"];

/** The fixture graph (a fresh instance each call). */
export function fixtureGraph(): ArrayResultGraph {
  return new ArrayResultGraph({
    states: [
      { id: FIXTURE_IDS[0]!, objects: [v0], pending: pending("BarController", "FooController"), outcome: { kind: "expanded" }, depth: 0 },
      { id: FIXTURE_IDS[1]!, objects: [v1], pending: pending("BarController", "Fighter"), outcome: { kind: "expanded" }, depth: 1 },
      { id: FIXTURE_IDS[2]!, objects: [v1], pending: pending("FooController"), outcome: { kind: "expanded" }, depth: 1 },
      { id: FIXTURE_IDS[3]!, objects: [v2, cm], pending: [], outcome: { kind: "converged" }, depth: 2 },
      {
        id: FIXTURE_IDS[4]!,
        objects: [v1],
        pending: pending("FooController"),
        outcome: { kind: "aborted", reason: "invariant", error: "state is set: A-1 without config", violations: [{ invariant: "config exists", message: "A-1 without config" }] },
        depth: 2,
      },
      { id: FIXTURE_IDS[5]!, objects: [fought1], pending: pending("Fighter"), outcome: { kind: "expanded" }, depth: 2 },
      { id: FIXTURE_IDS[6]!, objects: [fought2], pending: pending("Fighter"), outcome: { kind: "expanded" }, depth: 3 },
    ],
    steps,
    edges: [
      [0, 1, 0],
      [0, 2, 1],
      [1, 3, 2],
      [2, 3, 3],
      [2, 4, 4],
      [1, 5, 5],
      [5, 6, 6],
      [6, 5, 7],
    ],
  });
}

/** The fixture written as a dump document's text, with the result's `warnings` when given. */
export async function fixtureDumpText(warnings: readonly string[] = []): Promise<string> {
  const chunks: string[] = [];
  const sink = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  await writeDump(fixtureGraph(), sink, { scenario: { name: "fixture", description: "two controllers, a violation and a livelock" }, complete: true, warnings });
  sink.end();
  return chunks.join("");
}
