import type { KubeObject } from "../../src/index.ts";

/** The `webapp.discrete.events/v1` Foo custom resource of the reference scenarios. */
export interface Foo extends KubeObject {
  apiVersion: "webapp.discrete.events/v1";
  kind: "Foo";
  metadata: { name: string; namespace: string; annotations?: Record<string, string>; [k: string]: unknown };
  spec: { mode: "A" | "B" };
  status?: { state?: string; conditions?: FooCondition[] };
}

export interface FooCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  lastTransitionTime?: string;
}

export const FOO_KIND = "webapp.discrete.events/Foo";

/** Where reconcilers find `default/foo`. */
export function fooRef(name: string, namespace = "default") {
  return { apiVersion: "webapp.discrete.events/v1", kind: "Foo", namespace, name };
}

/** A Foo as the scenarios start it: mode A, empty state. */
export function newFoo(name = "foo", mode: "A" | "B" = "A"): Foo {
  return {
    apiVersion: "webapp.discrete.events/v1",
    kind: "Foo",
    metadata: { name, namespace: "default" },
    spec: { mode },
    status: { state: "" },
  };
}
