import { describe, expect, it } from "vitest";
import { replicaSetControllerRegistration } from "../../src/controllers/replicaSetController.ts";
import type { Pod, ReplicaSet } from "../../src/controllers/workloadObjects.ts";
import { ControllerHarness, describeEffects } from "./controllerHarness.ts";
import { pod, replicaSet } from "./workloadFixtures.ts";

const rsc = replicaSetControllerRegistration();
const pods = (h: ControllerHarness) => h.list<Pod>("core/Pod", "default");

describe("ReplicaSetController", () => {
  it("creates pods named <replicaset>-<suffix> from the template, controlled by the ReplicaSet", async () => {
    const h = await ControllerHarness.of([replicaSet("web", 3)]);
    const effects = await h.reconcile(rsc, "default/web");
    const created = pods(h);
    expect(created).toHaveLength(3);
    const rs = h.get<ReplicaSet>("apps/ReplicaSet", "default", "web")!;
    for (const p of created) {
      expect(p.metadata!.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata!.labels).toEqual({ app: "web" });
      expect(p.metadata!.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: rs.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.spec!.containers![0]!.image).toBe("nginx:1");
    }
    expect(describeEffects(effects).filter((e) => e.startsWith("CREATE"))).toHaveLength(3);
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it("gives equal worlds equal pod names, whatever happened before", async () => {
    const a = await ControllerHarness.of([replicaSet("web", 2)]);
    const b = await ControllerHarness.of([pod("unrelated", { app: "other" }), replicaSet("web", 2)]);
    await a.reconcile(rsc, "default/web");
    await b.reconcile(rsc, "default/web");
    const names = (h: ControllerHarness) => pods(h).map((p) => p.metadata!.name).filter((n) => n !== "unrelated");
    expect(names(a)).toEqual(names(b));
  });

  it("writes nothing when the pods already match", async () => {
    const h = await ControllerHarness.of([replicaSet("web", 2)]);
    await h.reconcile(rsc, "default/web");
    expect(await h.reconcile(rsc, "default/web")).toEqual([]);
  });

  it("deletes surplus pods, unscheduled and not-ready ones first", async () => {
    const h = await ControllerHarness.of([replicaSet("web", 3)]);
    await h.reconcile(rsc, "default/web");
    const [first, second] = pods(h);
    // Schedule and ready every pod but `second`.
    await h.write(async (c) => {
      for (const p of pods(h)) {
        if (p.metadata!.name === second!.metadata!.name) continue;
        const bound = await c.update({ ...p, spec: { ...p.spec, nodeName: "n1" } });
        await c.updateStatus({ ...bound, status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } });
      }
      const rs = h.get<ReplicaSet>("apps/ReplicaSet", "default", "web")!;
      await c.update({ ...rs, spec: { ...rs.spec, replicas: 1 } });
    });
    const effects = await h.reconcile(rsc, "default/web");
    const left = pods(h).map((p) => p.metadata!.name);
    expect(left).toHaveLength(1);
    expect(left).not.toContain(second!.metadata!.name);
    expect(describeEffects(effects)).toContain(`REMOVE core/Pod default/${second!.metadata!.name}`);
    expect(first).toBeDefined();
    expect(h.get<ReplicaSet>("apps/ReplicaSet", "default", "web")!.status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 2 });
  });

  it("adopts orphan pods its selector matches and leaves pods of other controllers alone", async () => {
    const h = await ControllerHarness.of([
      pod("orphan", { app: "web" }),
      pod("foreign", { app: "web" }, {}, { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "other", uid: "other-uid", controller: true }] }),
      replicaSet("web", 1),
    ]);
    const effects = await h.reconcile(rsc, "default/web");
    const rs = h.get<ReplicaSet>("apps/ReplicaSet", "default", "web")!;
    expect(h.get<Pod>("core/Pod", "default", "orphan")!.metadata!.ownerReferences).toEqual([expect.objectContaining({ uid: rs.metadata!.uid, controller: true })]);
    expect(h.get<Pod>("core/Pod", "default", "foreign")!.metadata!.ownerReferences![0]!.uid).toBe("other-uid");
    expect(describeEffects(effects)).toEqual(["UPDATE core/Pod default/orphan", "UPDATE apps/ReplicaSet default/web"]);
    expect(pods(h)).toHaveLength(2);
  });

  it("releases owned pods its selector no longer matches, and replaces them", async () => {
    const h = await ControllerHarness.of([replicaSet("web", 1)]);
    await h.reconcile(rsc, "default/web");
    const [p] = pods(h);
    await h.write((c) => c.update({ ...p!, metadata: { ...p!.metadata, labels: { app: "debug" } } }));
    await h.reconcile(rsc, "default/web");
    expect(h.get<Pod>("core/Pod", "default", p!.metadata!.name!)!.metadata!.ownerReferences).toBeUndefined();
    expect(pods(h)).toHaveLength(2);
  });

  it("does not count pods that are being deleted or finished, and replaces them", async () => {
    const h = await ControllerHarness.of([
      pod("terminating", { app: "web" }, {}, { finalizers: ["example.com/hold"], deletionTimestamp: "1970-01-01T00:00:00Z" }),
      pod("done", { app: "web" }),
      replicaSet("web", 1),
    ]);
    await h.write(async (c) => {
      const done = h.get<Pod>("core/Pod", "default", "done")!;
      await c.updateStatus({ ...done, status: { phase: "Succeeded" } });
    });
    await h.reconcile(rsc, "default/web");
    const names = pods(h).map((p) => p.metadata!.name);
    expect(names).toHaveLength(3);
    expect(h.get<Pod>("core/Pod", "default", "terminating")!.metadata!.ownerReferences).toBeUndefined();
    expect(h.get<ReplicaSet>("apps/ReplicaSet", "default", "web")!.status!.replicas).toBe(1);
  });

  it("creates nothing for a ReplicaSet that is being deleted", async () => {
    const h = await ControllerHarness.of([replicaSet("web", 2, "web", { finalizers: ["example.com/hold"], deletionTimestamp: "1970-01-01T00:00:00Z" })]);
    await h.reconcile(rsc, "default/web");
    expect(pods(h)).toEqual([]);
  });

  it("does nothing for a ReplicaSet that is gone", async () => {
    const h = await ControllerHarness.of([]);
    expect(await h.reconcile(rsc, "default/web")).toEqual([]);
  });

  it("refuses a ReplicaSet whose selector does not match its template, naming it", async () => {
    const bad = replicaSet("web", 1);
    bad.spec!.selector = { matchLabels: { app: "other" } };
    const h = await ControllerHarness.of([bad]);
    await expect(h.reconcile(rsc, "default/web")).rejects.toThrow(/ReplicaSet default\/web: spec.selector does not match spec.template.metadata.labels/);
  });

  it("is enqueued by an orphan pod its selector matches, and not by a controlled one", async () => {
    const h = await ControllerHarness.of([replicaSet("web", 1), replicaSet("api", 1)]);
    const orphan = await h.write((c) => c.create(pod("stray", { app: "web" })));
    expect(rsc.trigger!(orphan[0]!, h.world)).toEqual([{ namespace: "default", name: "web" }]);
    await h.reconcile(rsc, "default/api");
    const owned = h.list<Pod>("core/Pod").find((p) => p.metadata!.labels!.app === "api")!;
    const effect = { op: "UPDATE" as const, kind: "core/Pod", namespace: "default", name: owned.metadata!.name!, before: owned, after: owned };
    expect(rsc.trigger!(effect, h.world)).toEqual([]);
  });
});
