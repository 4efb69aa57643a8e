import { describe, expect, it } from "vitest";
import { podLifecycleRegistration, READY_ANNOTATION } from "../../src/controllers/podLifecycle.ts";
import { statefulSetControllerRegistration, statefulSetRevision } from "../../src/controllers/statefulSetController.ts";
import type { PersistentVolumeClaim, Pod, StatefulSet } from "../../src/controllers/workloadObjects.ts";
import { ControllerHarness, describeEffects } from "./controllerHarness.ts";
import { statefulSet, template } from "./workloadFixtures.ts";

const ssc = statefulSetControllerRegistration();
const pl = podLifecycleRegistration();
const podNames = (h: ControllerHarness) => h.list<Pod>("core/Pod", "default").map((p) => p.metadata!.name);
const getSet = (h: ControllerHarness) => h.get<StatefulSet>("apps/StatefulSet", "default", "db")!;

describe("StatefulSetController", () => {
  it("creates <set>-0 with its claim first, and <set>-1 only once <set>-0 is Running and Ready", async () => {
    const h = await ControllerHarness.of([statefulSet("db", 2)]);
    const effects = await h.reconcile(ssc, "default/db");
    expect(describeEffects(effects)).toEqual([
      "CREATE core/PersistentVolumeClaim default/data-db-0",
      "CREATE core/Pod default/db-0",
      "UPDATE apps/StatefulSet default/db",
    ]);
    const p0 = h.get<Pod>("core/Pod", "default", "db-0")!;
    expect(p0.metadata!.labels).toEqual({
      app: "db",
      "statefulset.kubernetes.io/pod-name": "db-0",
      "apps.kubernetes.io/pod-index": "0",
      "controller-revision-hash": statefulSetRevision(getSet(h)),
    });
    expect(p0.spec).toMatchObject({ hostname: "db-0", subdomain: "db", volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data-db-0" } }] });
    const claim = h.get<PersistentVolumeClaim>("core/PersistentVolumeClaim", "default", "data-db-0")!;
    expect(claim.metadata!.labels).toEqual({ app: "db" });
    expect(claim.metadata!.ownerReferences).toBeUndefined();
    expect(claim.spec).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } });
    // db-0 is not ready: nothing more.
    expect(await h.reconcile(ssc, "default/db")).toEqual([]);
    await h.reconcile(pl, "default/db-0");
    await h.reconcile(ssc, "default/db");
    expect(podNames(h)).toEqual(["db-0", "db-1"]);
    expect(getSet(h).status).toMatchObject({ replicas: 2, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });
  });

  it("creates every pod at once with podManagementPolicy Parallel", async () => {
    const h = await ControllerHarness.of([statefulSet("db", 3, { podManagementPolicy: "Parallel" })]);
    await h.reconcile(ssc, "default/db");
    expect(podNames(h)).toEqual(["db-0", "db-1", "db-2"]);
  });

  it("settles with every pod ready, and the revision current", async () => {
    const h = await ControllerHarness.of([statefulSet("db", 3)]);
    await h.settle([ssc, pl], { pending: [["StatefulSetController", "default/db"]] });
    const rev = statefulSetRevision(getSet(h));
    expect(getSet(h).status).toEqual({
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      currentRevision: rev,
      updateRevision: rev,
      observedGeneration: 1,
    });
  });

  it("scales down from the highest ordinal, one pod at a time, keeping the claims", async () => {
    const h = await ControllerHarness.of([statefulSet("db", 3)]);
    await h.settle([ssc, pl], { pending: [["StatefulSetController", "default/db"]] });
    await h.write((c) => c.update({ ...getSet(h), spec: { ...getSet(h).spec, replicas: 1 } }));
    expect(describeEffects(await h.reconcile(ssc, "default/db"))).toContain("REMOVE core/Pod default/db-2");
    expect(podNames(h)).toEqual(["db-0", "db-1"]);
    await h.reconcile(ssc, "default/db");
    expect(podNames(h)).toEqual(["db-0"]);
    expect(h.list("core/PersistentVolumeClaim").map((c) => c.metadata!.name)).toEqual(["data-db-0", "data-db-1", "data-db-2"]);
  });

  it("deletes the claims of removed ordinals with whenScaled: Delete, and owns claims with whenDeleted: Delete", async () => {
    const h = await ControllerHarness.of([statefulSet("db", 2, { persistentVolumeClaimRetentionPolicy: { whenScaled: "Delete", whenDeleted: "Delete" } })]);
    await h.settle([ssc, pl], { pending: [["StatefulSetController", "default/db"]] });
    expect(h.get<PersistentVolumeClaim>("core/PersistentVolumeClaim", "default", "data-db-0")!.metadata!.ownerReferences).toEqual([
      expect.objectContaining({ kind: "StatefulSet", name: "db", controller: true }),
    ]);
    await h.write((c) => c.update({ ...getSet(h), spec: { ...getSet(h).spec, replicas: 1 } }));
    await h.settle([ssc, pl], { pending: [["StatefulSetController", "default/db"]] });
    expect(h.list("core/PersistentVolumeClaim").map((c) => c.metadata!.name)).toEqual(["data-db-0"]);
  });

  it("rolls a new template out from the highest ordinal down, one pod at a time", async () => {
    const h = await ControllerHarness.of([statefulSet("db", 3)]);
    await h.settle([ssc, pl], { pending: [["StatefulSetController", "default/db"]] });
    const effects = await h.write((c) => c.update({ ...getSet(h), spec: { ...getSet(h).spec, template: template("db", "db:2") } }));
    const deletions: string[] = [];
    await h.settle([ssc, pl], { effects }, {
      afterStep: (s) => {
        for (const e of describeEffects(s.effects)) if (e.startsWith("REMOVE core/Pod")) deletions.push(e.slice("REMOVE core/Pod default/".length));
        const live = h.list<Pod>("core/Pod", "default").length;
        if (live < 2) throw new Error(`only ${live} pods during the update`);
      },
    });
    expect(deletions).toEqual(["db-2", "db-1", "db-0"]);
    expect(h.list<Pod>("core/Pod", "default").map((p) => p.spec!.containers![0]!.image)).toEqual(["db:2", "db:2", "db:2"]);
    expect(getSet(h).status!.currentRevision).toBe(statefulSetRevision(getSet(h)));
  });

  it("leaves pods below the partition on the old template", async () => {
    const h = await ControllerHarness.of([statefulSet("db", 3, { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 2 } } })]);
    await h.settle([ssc, pl], { pending: [["StatefulSetController", "default/db"]] });
    const oldRev = statefulSetRevision(getSet(h));
    const effects = await h.write((c) => c.update({ ...getSet(h), spec: { ...getSet(h).spec, template: template("db", "db:2") } }));
    await h.settle([ssc, pl], { effects });
    expect(h.list<Pod>("core/Pod", "default").map((p) => p.spec!.containers![0]!.image)).toEqual(["db:1", "db:1", "db:2"]);
    expect(getSet(h).status).toMatchObject({ currentRevision: oldRev, currentReplicas: 2, updatedReplicas: 1 });
  });

  it("replaces a failed pod", async () => {
    const h = await ControllerHarness.of([statefulSet("db", 1)]);
    await h.settle([ssc, pl], { pending: [["StatefulSetController", "default/db"]] });
    const p0 = h.get<Pod>("core/Pod", "default", "db-0")!;
    await h.write((c) => c.updateStatus({ ...p0, status: { ...p0.status, phase: "Failed" } }));
    const effects = await h.reconcile(ssc, "default/db");
    expect(describeEffects(effects).slice(0, 2)).toEqual(["REMOVE core/Pod default/db-0", "CREATE core/Pod default/db-0"]);
    expect(h.get<Pod>("core/Pod", "default", "db-0")!.status).toBeUndefined();
  });

  it("waits on a pod that never becomes ready", async () => {
    const set = statefulSet("db", 2);
    set.spec!.template!.metadata!.annotations = { [READY_ANNOTATION]: "false" };
    const h = await ControllerHarness.of([set]);
    await h.settle([ssc, pl], { pending: [["StatefulSetController", "default/db"]] });
    expect(podNames(h)).toEqual(["db-0"]);
  });
});
