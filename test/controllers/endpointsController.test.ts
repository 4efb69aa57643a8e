import { describe, expect, it } from "vitest";
import { endpointsControllerRegistration, type Endpoints } from "../../src/controllers/endpointsController.ts";
import { podLifecycleRegistration, podIpOf, READY_ANNOTATION } from "../../src/controllers/podLifecycle.ts";
import type { Pod } from "../../src/controllers/workloadObjects.ts";
import type { Effect } from "../../src/apiserver/effect.ts";
import { ControllerHarness, describeEffects } from "./controllerHarness.ts";
import { pod, service } from "./workloadFixtures.ts";

const ec = endpointsControllerRegistration();
const pl = podLifecycleRegistration();
const getEp = (h: ControllerHarness, name = "web") => h.get<Endpoints>("core/Endpoints", "default", name);

async function startAll(h: ControllerHarness): Promise<void> {
  for (const p of h.list<Pod>("core/Pod", "default")) await h.reconcile(pl, `default/${p.metadata!.name}`);
}

describe("EndpointsController", () => {
  it("lists the selected pods' IPs, ready ones as addresses and the others as notReadyAddresses, sorted, with resolved ports", async () => {
    const h = await ControllerHarness.of([
      pod("a", { app: "web" }),
      pod("b", { app: "web" }),
      pod("slow", { app: "web" }, {}, { annotations: { [READY_ANNOTATION]: "false" } }),
      pod("other", { app: "api" }),
      pod("pending", { app: "web" }),
      service("web", { app: "web" }),
    ]);
    for (const name of ["a", "b", "slow", "other"]) await h.reconcile(pl, `default/${name}`);
    await h.reconcile(ec, "default/web");
    const ep = getEp(h)!;
    const addr = (name: string) => ({ ip: podIpOf("default", name), nodeName: "node-1", targetRef: { kind: "Pod", namespace: "default", name, uid: h.get<Pod>("core/Pod", "default", name)!.metadata!.uid } });
    const sortByIp = <T extends { ip: string }>(xs: T[]) => xs.sort((x, y) => (x.ip < y.ip ? -1 : 1));
    expect(ep.subsets).toEqual([{ addresses: sortByIp([addr("a"), addr("b")]), notReadyAddresses: [addr("slow")], ports: [{ name: "web", port: 8080, protocol: "TCP" }] }]);
  });

  it("writes nothing when the Endpoints are up to date", async () => {
    const h = await ControllerHarness.of([pod("a", { app: "web" }), service("web", { app: "web" })]);
    await startAll(h);
    await h.reconcile(ec, "default/web");
    expect(await h.reconcile(ec, "default/web")).toEqual([]);
  });

  it("creates empty Endpoints for a Service that selects no ready pod, and fills them in later", async () => {
    const h = await ControllerHarness.of([pod("a", { app: "web" }), service("web", { app: "web" })]);
    await h.reconcile(ec, "default/web");
    expect(getEp(h)).toMatchObject({ metadata: { name: "web", namespace: "default" } });
    expect(getEp(h)!.subsets).toBeUndefined();
    await startAll(h);
    expect(describeEffects(await h.reconcile(ec, "default/web"))).toEqual(["UPDATE core/Endpoints default/web"]);
    expect(getEp(h)!.subsets![0]!.addresses).toHaveLength(1);
  });

  it("leaves the Endpoints of a Service without a selector to whoever manages them", async () => {
    const h = await ControllerHarness.of([pod("a", { app: "web" }), service("web", undefined)]);
    await startAll(h);
    expect(await h.reconcile(ec, "default/web")).toEqual([]);
    expect(getEp(h)).toBeUndefined();
  });

  it("deletes the Endpoints of a Service that is gone", async () => {
    const h = await ControllerHarness.of([{ apiVersion: "v1", kind: "Endpoints", metadata: { name: "web", namespace: "default" } }]);
    expect(describeEffects(await h.reconcile(ec, "default/web"))).toEqual(["REMOVE core/Endpoints default/web"]);
  });

  it("uses numeric target ports, skips pods lacking a named port, and marks headless Services", async () => {
    const h = await ControllerHarness.of([
      pod("a", { app: "web" }),
      pod("noport", { app: "web" }, { containers: [{ name: "app", image: "x" }] }),
      service("web", { app: "web" }, { clusterIP: "None", ports: [{ name: "http", port: 80, targetPort: "http" }, { name: "metrics", port: 9090, targetPort: 9090 }] }),
    ]);
    await startAll(h);
    await h.reconcile(ec, "default/web");
    const ep = getEp(h)!;
    expect(ep.metadata!.labels).toEqual({ "service.kubernetes.io/headless": "" });
    expect(ep.subsets!.map((s) => [s.addresses!.map((a) => a.targetRef!.name), s.ports!.map((p) => p.port)])).toEqual(
      [
        [["a"], [8080, 9090]],
        [["noport"], [9090]],
      ].sort((x, y) => (JSON.stringify(x[1]) < JSON.stringify(y[1]) ? -1 : 1)),
    );
  });

  it("is enqueued by pod changes that affect Endpoints, not by others such as a new pod without an IP", async () => {
    const h = await ControllerHarness.of([pod("a", { app: "web" }), service("web", { app: "web" }), service("api", { app: "api" })]);
    const created = await h.write((c) => c.create(pod("b", { app: "web" })));
    expect(ec.trigger!(created[0]!, h.world)).toEqual([]);
    const [bind, start] = await h.reconcile(pl, "default/a");
    expect(ec.trigger!(bind!, h.world)).toEqual([]);
    expect(ec.trigger!(start!, h.world)).toEqual([{ namespace: "default", name: "web" }]);
    const a = h.get<Pod>("core/Pod", "default", "a")!;
    const annotate: Effect = { op: "UPDATE", kind: "core/Pod", namespace: "default", name: "a", before: a, after: { ...a, metadata: { ...a.metadata, annotations: { x: "y" } } } };
    expect(ec.trigger!(annotate, h.world)).toEqual([]);
    const relabel: Effect = { ...annotate, after: { ...a, metadata: { ...a.metadata, labels: { app: "api" } } } };
    expect(ec.trigger!(relabel, h.world)).toEqual([{ namespace: "default", name: "api" }, { namespace: "default", name: "web" }]);
    const removal: Effect = { op: "REMOVE", kind: "core/Endpoints", namespace: "default", name: "web" };
    expect(ec.trigger!(removal, h.world)).toEqual([{ namespace: "default", name: "web" }]);
  });
});
