import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { compileListFilter, listFilter, listFilterKey } from "../../src/apiserver/listFilter.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";

const pod = (ns: string, name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns, labels },
});
const objs = [pod("a", "p1", { app: "web", tier: "front" }), pod("a", "p2", { app: "db" }), pod("b", "p3", { app: "web" })];
const names = (keep: (o: KubeObject) => boolean) => objs.filter(keep).map((o) => o.metadata?.name);

describe("list filters", () => {
  it("filter by namespace, or none for all namespaces", () => {
    expect(names(compileListFilter({ namespace: "a" }, "Namespaced"))).toEqual(["p1", "p2"]);
    expect(names(compileListFilter({}, "Namespaced"))).toEqual(["p1", "p2", "p3"]);
    expect(names(compileListFilter(undefined, "Namespaced"))).toEqual(["p1", "p2", "p3"]);
  });

  it("ignore a namespace for cluster-scoped kinds", () => {
    expect(names(compileListFilter({ namespace: "zzz" }, "Cluster"))).toEqual(["p1", "p2", "p3"]);
  });

  it("filter by label selector in string and object form", () => {
    expect(names(compileListFilter({ labelSelector: "app=web,tier" }, "Namespaced"))).toEqual(["p1"]);
    expect(names(compileListFilter({ labelSelector: "app notin (web)" }, "Namespaced"))).toEqual(["p2"]);
    expect(names(compileListFilter({ labelSelector: { matchLabels: { app: "web" } } }, "Namespaced"))).toEqual(["p1", "p3"]);
    expect(
      names(compileListFilter({ labelSelector: { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] } }, "Namespaced")),
    ).toEqual(["p2", "p3"]);
  });

  it("filter by field selector on metadata.name and metadata.namespace", () => {
    expect(names(compileListFilter({ fieldSelector: "metadata.name=p2" }, "Namespaced"))).toEqual(["p2"]);
    expect(names(compileListFilter({ fieldSelector: "metadata.namespace!=a" }, "Namespaced"))).toEqual(["p3"]);
  });

  it("a malformed selector is a BadRequest before any object is looked at", () => {
    for (const opts of [{ labelSelector: "app in (web" }, { fieldSelector: "metadata.name~x" }]) {
      try {
        compileListFilter(opts, "Namespaced");
        throw new Error("expected a BadRequest");
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        expect((e as ApiError).code).toBe(400);
      }
    }
  });
});

describe("listFilterKey", () => {
  it("names equal filters equally, and ignores the namespace of a cluster-scoped kind as the filter does", () => {
    expect(listFilterKey({ namespace: "a", labelSelector: "app=web" }, "Namespaced")).toBe(listFilterKey({ labelSelector: "app=web", namespace: "a" }, "Namespaced"));
    expect(listFilterKey({ namespace: "a" }, "Namespaced")).not.toBe(listFilterKey({ namespace: "b" }, "Namespaced"));
    expect(listFilterKey({ namespace: "a" }, "Cluster")).toBe(listFilterKey(undefined, "Cluster"));
    expect(listFilterKey({ fieldSelector: "metadata.name=x" }, "Namespaced")).not.toBe(listFilterKey({ labelSelector: "metadata.name=x" }, "Namespaced"));
  });

  it("names a namespace-only filter the same however often it is asked, empty selectors counting as none", () => {
    expect(listFilterKey({ namespace: "default" }, "Namespaced")).toBe('["default","",""]');
    expect(listFilterKey({ namespace: "default" }, "Namespaced")).toBe('["default","",""]');
    expect(listFilterKey({ namespace: "default", labelSelector: "", fieldSelector: "" }, "Namespaced")).toBe('["default","",""]');
    expect(listFilterKey({ namespace: 'we"ird' }, "Namespaced")).toBe('["we\\"ird","",""]');
    expect(listFilterKey({ namespace: "default", labelSelector: { matchLabels: { app: "web" } } }, "Namespaced")).toBe('["default",{"matchLabels":{"app":"web"}},""]');
  });
});

describe("listFilter", () => {
  it("is compileListFilter named by listFilterKey, for every kind of filter", () => {
    for (const [opts, scope] of [
      [{ namespace: "a" }, "Namespaced"],
      [undefined, "Namespaced"],
      [{ namespace: "zzz" }, "Cluster"],
      [{ namespace: "a", labelSelector: "app=web" }, "Namespaced"],
      [{ fieldSelector: "metadata.name=p3" }, "Namespaced"],
    ] as const) {
      const f = listFilter(opts, scope);
      expect(f.key).toBe(listFilterKey(opts, scope));
      expect(names(f.keep)).toEqual(names(compileListFilter(opts, scope)));
    }
  });

  it("shares one filter per namespace when there are no selectors, and none with selectors", () => {
    expect(listFilter({ namespace: "a" }, "Namespaced")).toBe(listFilter({ namespace: "a" }, "Namespaced"));
    expect(listFilter({}, "Namespaced")).toBe(listFilter({ namespace: "zzz" }, "Cluster"));
    expect(listFilter({ namespace: "a" }, "Namespaced")).not.toBe(listFilter({ namespace: "b" }, "Namespaced"));
    expect(listFilter({ labelSelector: "app" }, "Namespaced")).not.toBe(listFilter({ labelSelector: "app" }, "Namespaced"));
  });

  it("refuses a selector that does not parse, as compileListFilter does", () => {
    expect(() => listFilter({ labelSelector: "a in" }, "Namespaced")).toThrow(ApiError);
  });
});
