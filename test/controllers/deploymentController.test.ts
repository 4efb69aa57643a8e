import { describe, expect, it } from "vitest";
import { deploymentControllerRegistration, maxSurge, maxUnavailable } from "../../src/controllers/deploymentController.ts";
import { podLifecycleRegistration } from "../../src/controllers/podLifecycle.ts";
import { podTemplateHash } from "../../src/controllers/podTemplateHash.ts";
import { replicaSetControllerRegistration } from "../../src/controllers/replicaSetController.ts";
import type { Deployment, Pod, PodTemplateSpec, ReplicaSet } from "../../src/controllers/workloadObjects.ts";
import { ControllerHarness, describeEffects } from "./controllerHarness.ts";
import { deployment, replicaSet, template } from "./workloadFixtures.ts";

const dc = deploymentControllerRegistration();
const trio = [dc, replicaSetControllerRegistration(), podLifecycleRegistration()];
const rsList = (h: ControllerHarness) => h.list<ReplicaSet>("apps/ReplicaSet", "default");
const getD = (h: ControllerHarness, name = "web") => h.get<Deployment>("apps/Deployment", "default", name)!;
const cond = (d: Deployment, type: string) => d.status?.conditions?.find((c) => c.type === type);

/** Sets a ReplicaSet's status as its controller would report it. */
async function reportStatus(h: ControllerHarness, name: string, status: ReplicaSet["status"]): Promise<void> {
  await h.write(async (c) => {
    const rs = h.get<ReplicaSet>("apps/ReplicaSet", "default", name)!;
    await c.updateStatus({ ...rs, status });
  });
}

async function setImage(h: ControllerHarness, image: string, name = "web"): Promise<void> {
  await h.write(async (c) => {
    const d = getD(h, name);
    await c.update({ ...d, spec: { ...d.spec, template: template(name, image) } });
  });
}

describe("maxSurge and maxUnavailable", () => {
  it("resolve percentages with the real rounding and never both to zero", () => {
    expect([maxSurge(deployment("d", 10, "x")), maxUnavailable(deployment("d", 10, "x"))]).toEqual([3, 2]);
    const zero = deployment("d", 1, "x", { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: "10%" } } });
    expect([maxSurge(zero), maxUnavailable(zero)]).toEqual([0, 1]);
    expect(maxUnavailable(deployment("d", 3, "x", { strategy: { type: "Recreate" } }))).toBe(0);
    expect(() => maxSurge(deployment("d", 3, "x", { strategy: { rollingUpdate: { maxSurge: "lots" } } }))).toThrow(/maxSurge "lots" is not valid/);
  });
});

describe("DeploymentController", () => {
  it("creates a ReplicaSet named <deployment>-<pod-template-hash>, owned by the Deployment, with revision annotations", async () => {
    const h = await ControllerHarness.of([deployment("web", 3, "nginx:1")]);
    const effects = await h.reconcile(dc, "default/web");
    const hash = podTemplateHash(template("web", "nginx:1"));
    const d = getD(h);
    const rs = h.get<ReplicaSet>("apps/ReplicaSet", "default", `web-${hash}`)!;
    expect(rs.spec!.replicas).toBe(3);
    expect(rs.spec!.selector).toEqual({ matchLabels: { app: "web", "pod-template-hash": hash } });
    expect(rs.spec!.template!.metadata!.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.metadata!.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs.metadata!.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: d.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs.metadata!.annotations).toEqual({
      "deployment.kubernetes.io/revision": "1",
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
    });
    expect(d.metadata!.annotations).toEqual({ "deployment.kubernetes.io/revision": "1" });
    expect(cond(d, "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetCreated" });
    expect(cond(d, "Available")).toMatchObject({ status: "False", reason: "MinimumReplicasUnavailable" });
    expect(d.status!.observedGeneration).toBe(1);
    expect(describeEffects(effects)[0]).toBe(`CREATE apps/ReplicaSet default/web-${hash}`);
  });

  it("writes nothing on a reconcile that finds nothing new", async () => {
    const h = await ControllerHarness.of([deployment("web", 3, "nginx:1")]);
    await h.reconcile(dc, "default/web");
    expect(await h.reconcile(dc, "default/web")).toEqual([]);
  });

  it("reports ReplicaSet counts in its status, Available once enough pods are available, and completion", async () => {
    const h = await ControllerHarness.of([deployment("web", 4, "nginx:1")]);
    await h.reconcile(dc, "default/web");
    const name = rsList(h)[0]!.metadata!.name!;
    await reportStatus(h, name, { replicas: 4, readyReplicas: 3, availableReplicas: 3 });
    await h.reconcile(dc, "default/web");
    let d = getD(h);
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1 });
    expect(cond(d, "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable" });
    expect(cond(d, "Progressing")).toMatchObject({ status: "True", reason: "ReplicaSetUpdated" });
    await reportStatus(h, name, { replicas: 4, readyReplicas: 4, availableReplicas: 4 });
    await h.reconcile(dc, "default/web");
    d = getD(h);
    expect(d.status!.unavailableReplicas).toBeUndefined();
    expect(cond(d, "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "${name}" has successfully progressed.` });
  });

  it("keeps a condition's lastTransitionTime while its status stays the same", async () => {
    const h = await ControllerHarness.of([deployment("web", 2, "nginx:1")]);
    await h.reconcile(dc, "default/web");
    const first = cond(getD(h), "Progressing")!.lastTransitionTime;
    const name = rsList(h)[0]!.metadata!.name!;
    await reportStatus(h, name, { replicas: 2, readyReplicas: 2, availableReplicas: 2 });
    await h.reconcile(dc, "default/web");
    const after = cond(getD(h), "Progressing")!;
    expect(after.reason).toBe("NewReplicaSetAvailable");
    expect(after.lastTransitionTime).toBe(first);
  });

  it("rolls out a new template without exceeding maxSurge or dropping below replicas − maxUnavailable", async () => {
    const h = await ControllerHarness.of([deployment("web", 4, "nginx:1", { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } })]);
    await h.settle(trio, { pending: [["DeploymentController", "default/web"]] });
    expect(getD(h).status).toMatchObject({ replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4 });
    const violations: string[] = [];
    const check = () => {
      const total = rsList(h).reduce((n, rs) => n + (rs.spec!.replicas ?? 0), 0);
      if (total > 5) violations.push(`${total} replicas wanted`);
      const ready = h.list<Pod>("core/Pod", "default").filter((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length;
      if (ready < 3) violations.push(`${ready} ready pods`);
    };
    const effects = await h.write(async (c) => {
      const d = getD(h);
      await c.update({ ...d, spec: { ...d.spec, template: template("web", "nginx:2") } });
    });
    // The bounds must hold after every single reconcile of the rollout.
    await h.settle(trio, { effects }, { afterStep: check });
    const newHash = podTemplateHash(template("web", "nginx:2"));
    const final = rsList(h);
    expect(final.map((rs) => [rs.metadata!.name, rs.spec!.replicas])).toEqual(
      [[`web-${podTemplateHash(template("web", "nginx:1"))}`, 0], [`web-${newHash}`, 4]].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    expect(h.list<Pod>("core/Pod", "default").every((p) => p.metadata!.labels!["pod-template-hash"] === newHash)).toBe(true);
    expect(getD(h).metadata!.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
    expect(cond(getD(h), "Progressing")!.reason).toBe("NewReplicaSetAvailable");
    expect(violations).toEqual([]);
  });

  it("scales the new ReplicaSet up by at most maxSurge and the old one down by what availability allows", async () => {
    const h = await ControllerHarness.of([deployment("web", 10, "nginx:1", { strategy: { rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } })]);
    await h.reconcile(dc, "default/web");
    const oldName = rsList(h)[0]!.metadata!.name!;
    await reportStatus(h, oldName, { replicas: 10, readyReplicas: 10, availableReplicas: 10 });
    await h.reconcile(dc, "default/web");
    await setImage(h, "nginx:2");
    await h.reconcile(dc, "default/web");
    const newName = `web-${podTemplateHash(template("web", "nginx:2"))}`;
    const replicasOf = (name: string) => h.get<ReplicaSet>("apps/ReplicaSet", "default", name)!.spec!.replicas;
    // 10 + maxSurge 3 = 13 pods at most; 10 available − maxUnavailable 2 = 8 may remain of the old ones.
    expect([replicasOf(newName), replicasOf(oldName)]).toEqual([3, 8]);
    expect(h.get<ReplicaSet>("apps/ReplicaSet", "default", newName)!.metadata!.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
    // Until new pods are available, no more old pods may go.
    await reportStatus(h, oldName, { replicas: 8, readyReplicas: 8, availableReplicas: 8 });
    await h.reconcile(dc, "default/web");
    expect([replicasOf(newName), replicasOf(oldName)]).toEqual([5, 8]);
    await reportStatus(h, newName, { replicas: 5, readyReplicas: 2, availableReplicas: 2 });
    await h.reconcile(dc, "default/web");
    expect([replicasOf(newName), replicasOf(oldName)]).toEqual([5, 6]);
  });

  it("scales old ReplicaSets' unavailable pods down first", async () => {
    const h = await ControllerHarness.of([deployment("web", 4, "nginx:1", { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } })]);
    await h.reconcile(dc, "default/web");
    const oldName = rsList(h)[0]!.metadata!.name!;
    await reportStatus(h, oldName, { replicas: 4, readyReplicas: 2, availableReplicas: 2 });
    await setImage(h, "nginx:2");
    await h.reconcile(dc, "default/web");
    // 4 pods, minAvailable 3, nothing of the new one unavailable → may scale 1 down: an unavailable pod.
    expect(h.get<ReplicaSet>("apps/ReplicaSet", "default", oldName)!.spec!.replicas).toBe(3);
  });

  it("with Recreate, scales the old ReplicaSet to zero and creates the new one only when its pods are gone", async () => {
    const h = await ControllerHarness.of([deployment("web", 2, "nginx:1", { strategy: { type: "Recreate" } })]);
    await h.settle(trio, { pending: [["DeploymentController", "default/web"]] });
    const oldName = rsList(h)[0]!.metadata!.name!;
    await setImage(h, "nginx:2");
    await h.reconcile(dc, "default/web");
    expect(rsList(h).map((rs) => rs.metadata!.name)).toEqual([oldName]);
    expect(rsList(h)[0]!.spec!.replicas).toBe(0);
    // The old pods still run: nothing new yet.
    expect(await h.reconcile(dc, "default/web")).toEqual([]);
    await h.settle(trio, { pending: [["ReplicaSetController", `default/${oldName}`]] });
    expect(h.list<Pod>("core/Pod", "default").every((p) => p.spec!.containers![0]!.image === "nginx:2")).toBe(true);
    expect(h.list<Pod>("core/Pod", "default")).toHaveLength(2);
  });

  it("scales its only active ReplicaSet when spec.replicas changes", async () => {
    const h = await ControllerHarness.of([deployment("web", 2, "nginx:1")]);
    await h.reconcile(dc, "default/web");
    await h.write(async (c) => {
      const d = getD(h);
      await c.update({ ...d, spec: { ...d.spec, replicas: 5 } });
    });
    await h.reconcile(dc, "default/web");
    const rs = rsList(h)[0]!;
    expect(rs.spec!.replicas).toBe(5);
    expect(rs.metadata!.annotations!["deployment.kubernetes.io/desired-replicas"]).toBe("5");
    expect(rs.metadata!.annotations!["deployment.kubernetes.io/max-replicas"]).toBe("7");
  });

  it("scales a rollout in progress proportionally, leftovers to the largest ReplicaSet", async () => {
    // The example of the Kubernetes documentation: 10 replicas, maxSurge 3, maxUnavailable 2,
    // 8 old and 5 new pods; scaling to 15 adds 3 to the old and 2 to the new ReplicaSet.
    const h = await ControllerHarness.of([deployment("web", 10, "nginx:1", { strategy: { rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } })]);
    await h.reconcile(dc, "default/web");
    const oldName = rsList(h)[0]!.metadata!.name!;
    await setImage(h, "nginx:2");
    await h.reconcile(dc, "default/web");
    const newName = `web-${podTemplateHash(template("web", "nginx:2"))}`;
    await h.write(async (c) => {
      const old = h.get<ReplicaSet>("apps/ReplicaSet", "default", oldName)!;
      await c.update({ ...old, spec: { ...old.spec, replicas: 8 } });
      const nu = h.get<ReplicaSet>("apps/ReplicaSet", "default", newName)!;
      await c.update({ ...nu, spec: { ...nu.spec, replicas: 5 } });
      const d = getD(h);
      await c.update({ ...d, spec: { ...d.spec, replicas: 15 } });
    });
    await h.reconcile(dc, "default/web");
    expect(h.get<ReplicaSet>("apps/ReplicaSet", "default", oldName)!.spec!.replicas).toBe(11);
    expect(h.get<ReplicaSet>("apps/ReplicaSet", "default", newName)!.spec!.replicas).toBe(7);
  });

  it("does not roll out a new template while paused, and says so in Progressing", async () => {
    const h = await ControllerHarness.of([deployment("web", 2, "nginx:1")]);
    await h.reconcile(dc, "default/web");
    await h.write(async (c) => {
      const d = getD(h);
      await c.update({ ...d, spec: { ...d.spec, paused: true, template: template("web", "nginx:2") } });
    });
    await h.reconcile(dc, "default/web");
    expect(rsList(h)).toHaveLength(1);
    expect(cond(getD(h), "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused" });
    await h.write(async (c) => {
      const d = getD(h);
      await c.update({ ...d, spec: { ...d.spec, paused: false } });
    });
    await h.reconcile(dc, "default/web");
    expect(rsList(h)).toHaveLength(2);
  });

  it("adopts an orphan ReplicaSet its selector matches", async () => {
    const orphan = replicaSet("web-legacy", 1, "web");
    const h = await ControllerHarness.of([orphan, deployment("web", 1, "nginx:1")]);
    await h.reconcile(dc, "default/web");
    const legacy = h.get<ReplicaSet>("apps/ReplicaSet", "default", "web-legacy")!;
    expect(legacy.metadata!.ownerReferences).toEqual([expect.objectContaining({ kind: "Deployment", name: "web", controller: true })]);
    expect(dc.trigger!({ op: "CREATE", kind: "apps/ReplicaSet", namespace: "default", name: "x", after: replicaSet("x", 1, "web") }, h.world)).toEqual([{ namespace: "default", name: "web" }]);
  });

  it("bumps collisionCount when a foreign ReplicaSet holds the new ReplicaSet's name, then uses the next hash", async () => {
    const hash = podTemplateHash(template("web", "nginx:1"));
    const squatter = replicaSet(`web-${hash}`, 0, "squatter");
    const h = await ControllerHarness.of([squatter, deployment("web", 1, "nginx:1")]);
    await expect(h.reconcile(dc, "default/web")).rejects.toThrow(/already exists/);
    expect(getD(h).status!.collisionCount).toBe(1);
    await h.reconcile(dc, "default/web");
    expect(h.get("apps/ReplicaSet", "default", `web-${podTemplateHash(template("web", "nginx:1"), 1)}`)).toBeDefined();
  });

  it("deletes scaled-down ReplicaSets beyond revisionHistoryLimit after a complete rollout", async () => {
    const h = await ControllerHarness.of([deployment("web", 1, "nginx:1", { revisionHistoryLimit: 1 })]);
    for (const image of ["nginx:2", "nginx:3"]) {
      await h.settle(trio, { pending: [["DeploymentController", "default/web"]] });
      await setImage(h, image);
    }
    await h.settle(trio, { pending: [["DeploymentController", "default/web"]] });
    expect(rsList(h).map((rs) => rs.spec!.template!.spec!.containers![0]!.image).sort()).toEqual(["nginx:2", "nginx:3"]);
  });

  it("rolls back to an old ReplicaSet whose template a client sends back with the zero values of a typed Go object", async () => {
    const h = await ControllerHarness.of([deployment("web", 1, "nginx:1")]);
    await h.settle(trio, { pending: [["DeploymentController", "default/web"]] });
    await setImage(h, "nginx:2");
    await h.settle(trio, { pending: [["DeploymentController", "default/web"]] });
    const rolledBackTo = `web-${podTemplateHash(template("web", "nginx:2"))}`;
    await h.write(async (c) => {
      const d = getD(h);
      await c.update({ ...d, spec: { ...d.spec, template: template("web", "nginx:2", { annotations: { "kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:00Z" } }) } });
    });
    await h.settle(trio, { pending: [["DeploymentController", "default/web"]] });
    // What `kubectl rollout undo` sends: the old ReplicaSet's template without the hash label, marshalled from v1.PodTemplateSpec.
    const old = h.get<ReplicaSet>("apps/ReplicaSet", "default", rolledBackTo)!.spec!.template!;
    const { "pod-template-hash": _hash, ...labels } = old.metadata!.labels!;
    const typed = {
      metadata: { creationTimestamp: null, labels },
      spec: { ...old.spec, containers: old.spec!.containers!.map((c) => ({ ...c, resources: {} })) },
    };
    await h.write(async (c) => {
      const d = getD(h);
      await c.update({ ...d, spec: { ...d.spec, template: typed as unknown as PodTemplateSpec } });
    });
    await h.settle(trio, { pending: [["DeploymentController", "default/web"]] });
    const rss = rsList(h);
    expect(rss).toHaveLength(3);
    const reused = rss.find((rs) => rs.metadata!.name === rolledBackTo)!;
    expect(reused.spec!.replicas).toBe(1);
    expect(reused.metadata!.annotations).toMatchObject({ "deployment.kubernetes.io/revision": "4", "deployment.kubernetes.io/revision-history": "2" });
    expect(rss.filter((rs) => rs !== reused).map((rs) => rs.spec!.replicas)).toEqual([0, 0]);
    expect(getD(h).metadata!.annotations!["deployment.kubernetes.io/revision"]).toBe("4");
  });

  it("fails a reconcile of a Deployment without a selector with a message saying what to fix", async () => {
    const d = deployment("web", 1, "nginx:1");
    delete d.spec!.selector;
    const h = await ControllerHarness.of([d]);
    await expect(h.reconcile(dc, "default/web")).rejects.toThrow("Deployment default/web has no spec.selector");
  });

  it("does nothing for a Deployment that is gone", async () => {
    const h = await ControllerHarness.of([]);
    expect(await h.reconcile(dc, "default/web")).toEqual([]);
  });
});
