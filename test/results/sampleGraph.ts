import type { KubeObject } from "../../src/objects/kubeObject.ts";
import { ArrayResultGraph, type ArrayGraphState } from "../../src/results/arrayResultGraph.ts";
import type { PendingReconcile } from "../../src/explore/exploreResult.ts";
import type { StepRecord } from "../../src/explore/stepRecord.ts";

/**
 * A hand-built graph with one of everything results can hold: two converged worlds reached by
 * several paths, an aborted error state, an invariant violation, a livelock, an unexpanded state,
 * and steps with creates, updates, a delete and a remove, choices, requeues and a stale view.
 *
 * ```
 * 0 ─Foo─▶ 1 ─Foo─▶ 2 ─Bar─▶ 3 (converged: foo A-Final + cfg)
 * 0 ─Bar─▶ 1        2 ─Cleaner─▶ 9 ─GC─▶ 10 (converged: foo A-Final)
 *          1 ─Bar!─▶ 4 (aborted: error)
 *          1 ─Deployer─▶ 5 ⇄ 6 (Fighter: livelock)
 *                    2 ─Foo─▶ 7 (aborted: invariant)
 *                    2 ─Idle─▶ 8 (unexpanded)
 * ```
 */
const meta = (name: string, rv: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: "default",
  uid: `uid-${name}`,
  resourceVersion: rv,
  creationTimestamp: "1970-01-01T00:00:00Z",
  managedFields: [{ manager: "kamera", operation: "Update" }],
  ...extra,
});

export const foo0: KubeObject = { apiVersion: "webapp.example.com/v1", kind: "Foo", metadata: meta("foo", "1", { generation: 1 }), spec: { size: 1 } };
export const foo1: KubeObject = { ...foo0, metadata: meta("foo", "2", { generation: 1 }), status: { state: "A-1" } };
export const foo2: KubeObject = { ...foo0, metadata: meta("foo", "5", { generation: 1 }), status: { state: "A-Final" } };
export const cfg: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: meta("cfg", "3", { finalizers: ["example.com/keep"] }), data: { mode: "on" } };
export const cfgDeleting: KubeObject = {
  ...cfg,
  metadata: meta("cfg", "6", { finalizers: ["example.com/keep"], deletionTimestamp: "1970-01-01T00:00:03Z" }),
};
export const cfg2: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: meta("cfg-2", "4"), data: { mode: "off" } };
export const web1: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: meta("web", "7", { generation: 1 }), spec: { replicas: 1 } };
export const web2: KubeObject = { ...web1, metadata: meta("web", "8", { generation: 2 }), spec: { replicas: 2 } };

const req = { namespace: "default", name: "foo" };
const p = (reconcilerId: string, name = "foo"): PendingReconcile => ({ reconcilerId, request: { namespace: "default", name } });
const id = (n: number) => `5eed${n.toString(16).padStart(12, "0")}`;

export const sampleStates: ArrayGraphState[] = [
  { id: id(0), depth: 0, objects: [foo0], pending: [p("FooController"), p("BarController")], outcome: { kind: "expanded" } },
  { id: id(1), depth: 1, objects: [foo1], pending: [p("BarController"), p("FooController")], outcome: { kind: "expanded" } },
  { id: id(2), depth: 2, objects: [foo1, cfg], pending: [p("BarController")], outcome: { kind: "expanded" } },
  { id: id(3), depth: 3, objects: [foo2, cfg], pending: [], outcome: { kind: "converged" } },
  {
    id: id(4),
    depth: 2,
    objects: [foo1],
    pending: [p("FooController")],
    outcome: { kind: "aborted", reason: "error", error: "boom: cannot reach backend", failedReconcile: p("BarController") },
  },
  { id: id(5), depth: 2, objects: [foo1, web1], pending: [p("Fighter", "web")], outcome: { kind: "expanded" } },
  { id: id(6), depth: 3, objects: [foo1, web2], pending: [p("Fighter", "web")], outcome: { kind: "expanded" } },
  {
    id: id(7),
    depth: 3,
    objects: [cfg2, foo1, cfg],
    pending: [p("BarController")],
    outcome: { kind: "aborted", reason: "invariant", violations: [{ invariant: "one config map", message: "2 ConfigMaps in default" }] },
  },
  { id: id(8), depth: 3, objects: [foo1, cfg], pending: [p("BarController")], outcome: { kind: "unexpanded" } },
  { id: id(9), depth: 3, objects: [foo2, cfgDeleting], pending: [p("GC", "cfg")], outcome: { kind: "expanded" } },
  { id: id(10), depth: 4, objects: [foo2], pending: [], outcome: { kind: "converged" } },
];

const update = (before: KubeObject, after: KubeObject, kind: string) => ({
  op: "UPDATE" as const,
  kind,
  namespace: "default",
  name: after.metadata!.name!,
  before,
  after,
});

export const sampleSteps: StepRecord[] = [
  /* 0 */ { reconcilerId: "FooController", request: req, effects: [update(foo0, foo1, "webapp.example.com/Foo")] },
  /* 1 */ { reconcilerId: "BarController", request: req, effects: [update(foo0, foo1, "webapp.example.com/Foo")] },
  /* 2 */ {
    reconcilerId: "FooController",
    request: req,
    effects: [{ op: "CREATE", kind: "core/ConfigMap", namespace: "default", name: "cfg", after: cfg }],
    requeue: true,
  },
  /* 3 */ {
    reconcilerId: "BarController",
    request: req,
    effects: [update(foo1, foo2, "webapp.example.com/Foo")],
    requeueAfter: 5000,
    choices: ["mode=1"],
    staleView: { "webapp.example.com/Foo": 2 },
  },
  /* 4 */ { reconcilerId: "BarController", request: req, effects: [], error: "boom: cannot reach backend" },
  /* 5 */ {
    reconcilerId: "Deployer",
    request: req,
    effects: [{ op: "CREATE", kind: "apps/Deployment", namespace: "default", name: "web", after: web1 }],
  },
  /* 6 */ { reconcilerId: "Fighter", request: { namespace: "default", name: "web" }, effects: [update(web1, web2, "apps/Deployment")] },
  /* 7 */ { reconcilerId: "Fighter", request: { namespace: "default", name: "web" }, effects: [update(web2, web1, "apps/Deployment")] },
  /* 8 */ {
    reconcilerId: "FooController",
    request: req,
    effects: [{ op: "CREATE", kind: "core/ConfigMap", namespace: "default", name: "cfg-2", after: cfg2 }],
  },
  /* 9 */ { reconcilerId: "Idle", request: req, effects: [] },
  /* 10 */ {
    reconcilerId: "Cleaner",
    request: req,
    effects: [
      update(foo1, foo2, "webapp.example.com/Foo"),
      { op: "DELETE", kind: "core/ConfigMap", namespace: "default", name: "cfg", before: cfg, after: cfgDeleting },
    ],
  },
  /* 11 */ {
    reconcilerId: "GC",
    request: { namespace: "default", name: "cfg" },
    effects: [{ op: "REMOVE", kind: "core/ConfigMap", namespace: "default", name: "cfg", before: cfgDeleting }],
  },
];

export const sampleEdges: [number, number, number][] = [
  [0, 1, 0],
  [0, 1, 1],
  [1, 2, 2],
  [2, 3, 3],
  [1, 4, 4],
  [1, 5, 5],
  [5, 6, 6],
  [6, 5, 7],
  [2, 7, 8],
  [2, 8, 9],
  [2, 9, 10],
  [9, 10, 11],
];

/** The sample graph; `complete: false` makes state 8 an aborted "limit" state in results. */
export function sampleGraph(complete = true): ArrayResultGraph {
  return new ArrayResultGraph({ states: sampleStates, steps: sampleSteps, edges: sampleEdges, complete });
}

/** The id the sample graph gives state `n`. */
export const sampleStateId = id;
