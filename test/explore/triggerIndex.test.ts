import { describe, expect, it } from "vitest";
import { ExplorerBuilder, KameraError, type Client, type KubeObject, type Request } from "../../src/index.ts";

const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "foo", namespace: "default" } };

/**
 * "Writer" writes the ConfigMap once; "Watcher" watches ConfigMaps through `map`. Resolves to what
 * Watcher was asked to reconcile, or rejects with what the exploration rejected with.
 */
async function exploreWithMapper(map: (o: KubeObject) => Request[]): Promise<Request[]> {
  const eb = new ExplorerBuilder();
  eb.withReconciler("Writer", (c: Client) => ({
    async reconcile(req: Request) {
      const o = await c.get<KubeObject & { data?: Record<string, string> }>({ apiVersion: "v1", kind: "ConfigMap", ...req });
      if (!o.data?.done) await c.update({ ...o, data: { done: "yes" } });
    },
  })).for("core/ConfigMap");
  const seen: Request[] = [];
  eb.withReconciler("Watcher", () => ({
    reconcile(req: Request) {
      seen.push(req);
    },
  }))
    .for("core/Secret")
    .watches("core/ConfigMap", map);
  await eb.build().explore(eb.initialState().addTopLevelObject(cm, "Writer").build());
  return seen;
}

async function rejection(map: (o: KubeObject) => Request[]): Promise<Error> {
  const e = await exploreWithMapper(map).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KameraError);
  return e as Error;
}

describe("a .watches mapper is checked like the user code it is", () => {
  it("a mapper that returns requests with names enqueues them", async () => {
    expect(await exploreWithMapper((o) => [{ namespace: "default", name: o.metadata!.name! }])).toContainEqual({ namespace: "default", name: "foo" });
  });

  it("a mapper that throws stops the exploration with a KameraError naming the watch, the object, the error and the mapper's line", async () => {
    const e = await rejection((o) => {
      throw new Error("mapper boom " + o.metadata!.name); // the line the error must point at
    });
    expect(e.message).toMatch(
      /^\.watches\("core\/ConfigMap", …\) of reconciler "Watcher": the mapper threw on core\/ConfigMap default\/foo: Error: mapper boom foo \(at test\/explore\/triggerIndex\.test\.ts:46:\d+\)$/,
    );
  });

  it("a mapper that mutates the frozen object it is given is reported as throwing, with its line", async () => {
    const e = await rejection((o) => {
      o.metadata!.name = "other";
      return [];
    });
    expect(e.message).toMatch(/the mapper threw on core\/ConfigMap default\/foo: TypeError: Cannot assign to read only property 'name'.* \(at test\/explore\/triggerIndex\.test\.ts:\d+:\d+\)$/);
  });

  it("a mapper that returns something other than an array stops the exploration saying what it returned", async () => {
    const e = await rejection(() => undefined as unknown as Request[]);
    expect(e.message).toBe('.watches("core/ConfigMap", …) of reconciler "Watcher": the mapper returned undefined for core/ConfigMap default/foo, not an array of { namespace, name } requests');
  });

  it.each([
    [[{ namespace: "default" }], 'returned [{"namespace":"default"}] for core/ConfigMap default/foo: request 0 has no name (a non-empty string)'],
    [[{ name: 5 }], 'returned [{"name":5}] for core/ConfigMap default/foo: request 0 has no name (a non-empty string)'],
    [[{}], "returned [{}] for core/ConfigMap default/foo: request 0 has no name (a non-empty string)"],
    [[{ name: "" }], 'returned [{"name":""}] for core/ConfigMap default/foo: request 0 has no name (a non-empty string)'],
    [[{ name: "ok" }, { namespace: 1, name: "x" }], 'request 1 has a namespace that is not a string'],
    [[null], "returned [null] for core/ConfigMap default/foo: request 0 is not a { namespace, name } object"],
  ])("a mapper returning %j is refused as enqueue() refuses it, not enqueued", async (returned, message) => {
    const e = await rejection(() => returned as Request[]);
    expect(e.message).toContain(message);
  });

  it("a request without a namespace is one for a cluster-scoped object", async () => {
    expect(await exploreWithMapper(() => [{ name: "cluster-wide" } as Request])).toContainEqual({ namespace: "", name: "cluster-wide" });
  });
});
