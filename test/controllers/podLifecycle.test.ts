import { describe, expect, it } from "vitest";
import { EXIT_CODE_ANNOTATION, podIpOf, podLifecycleRegistration, READY_ANNOTATION } from "../../src/controllers/podLifecycle.ts";
import type { Node, Pod } from "../../src/controllers/workloadObjects.ts";
import { ControllerHarness, describeEffects } from "./controllerHarness.ts";
import { pod } from "./workloadFixtures.ts";

const pl = podLifecycleRegistration();
const getPod = (h: ControllerHarness, name = "p") => h.get<Pod>("core/Pod", "default", name)!;
const condStatus = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type)?.status;

function node(name: string, labels: Record<string, string> = {}, extra: Partial<Node> = {}): Node {
  return { apiVersion: "v1", kind: "Node", metadata: { name, labels }, ...extra };
}

describe("PodLifecycle", () => {
  it("binds a pod to the default node and starts it, Running and Ready, in one reconcile", async () => {
    const h = await ControllerHarness.of([pod("p", { app: "web" })]);
    const effects = await h.reconcile(pl, "default/p");
    expect(describeEffects(effects)).toEqual(["UPDATE core/Pod default/p", "UPDATE core/Pod default/p"]);
    const p = getPod(h);
    expect(p.spec!.nodeName).toBe("node-1");
    expect(p.status).toMatchObject({ phase: "Running", podIP: podIpOf("default", "p"), hostIP: "10.0.0.1" });
    expect(p.status!.conditions!.map((c) => [c.type, c.status])).toEqual([
      ["Initialized", "True"],
      ["Ready", "True"],
      ["ContainersReady", "True"],
      ["PodScheduled", "True"],
    ]);
    expect(p.status!.containerStatuses).toEqual([
      { name: "app", image: "nginx:1", ready: true, started: true, restartCount: 0, state: { running: { startedAt: expect.any(String) } } },
    ]);
  });

  it("writes nothing for a running pod that is where it should be", async () => {
    const h = await ControllerHarness.of([pod("p", { app: "web" })]);
    await h.reconcile(pl, "default/p");
    expect(await h.reconcile(pl, "default/p")).toEqual([]);
  });

  it("uses the configured default node name", async () => {
    const h = await ControllerHarness.of([pod("p", {})]);
    await h.reconcile(podLifecycleRegistration({ defaultNodeName: "worker-7" }), "default/p");
    expect(getPod(h).spec!.nodeName).toBe("worker-7");
  });

  it("binds only to schedulable nodes matching the pod's nodeSelector, and uses the node's address", async () => {
    const h = await ControllerHarness.of([
      node("a", { disk: "hdd" }),
      node("b", { disk: "ssd" }, { status: { addresses: [{ type: "InternalIP", address: "192.168.1.2" }] } }),
      node("c", { disk: "ssd" }, { spec: { unschedulable: true } }),
      node("d", { disk: "ssd" }, { status: { conditions: [{ type: "Ready", status: "False" }] } }),
      pod("p", {}, { nodeSelector: { disk: "ssd" } }),
    ]);
    await h.reconcile(pl, "default/p");
    expect(getPod(h).spec!.nodeName).toBe("b");
    expect(getPod(h).status!.hostIP).toBe("192.168.1.2");
  });

  it("leaves a pod no node fits Pending and Unschedulable, and a new Node enqueues it", async () => {
    const h = await ControllerHarness.of([node("a", { disk: "hdd" }), pod("p", {}, { nodeSelector: { disk: "ssd" } })]);
    await h.reconcile(pl, "default/p");
    const p = getPod(h);
    expect(p.spec!.nodeName).toBeUndefined();
    expect(p.status!.phase).toBe("Pending");
    expect(p.status!.conditions).toEqual([expect.objectContaining({ type: "PodScheduled", status: "False", reason: "Unschedulable" })]);
    expect(await h.reconcile(pl, "default/p")).toEqual([]);
    const effects = await h.write((c) => c.create(node("b", { disk: "ssd" })));
    expect(pl.trigger!(effects[0]!, h.world)).toEqual([{ namespace: "default", name: "p" }]);
    await h.reconcile(pl, "default/p");
    expect(getPod(h).spec!.nodeName).toBe("b");
    expect(condStatus(getPod(h), "PodScheduled")).toBe("True");
  });

  it(`keeps a pod annotated ${READY_ANNOTATION}: "false" running but not ready, and follows the annotation when it changes`, async () => {
    const h = await ControllerHarness.of([pod("p", {}, {}, { annotations: { [READY_ANNOTATION]: "false" } })]);
    await h.reconcile(pl, "default/p");
    expect(getPod(h).status!.phase).toBe("Running");
    expect(condStatus(getPod(h), "Ready")).toBe("False");
    expect(getPod(h).status!.conditions!.find((c) => c.type === "Ready")!.reason).toBe("ContainersNotReady");
    await h.write((c) => c.update({ ...getPod(h), metadata: { ...getPod(h).metadata, annotations: { [READY_ANNOTATION]: "true" } } }));
    await h.reconcile(pl, "default/p");
    expect(condStatus(getPod(h), "Ready")).toBe("True");
    expect(getPod(h).status!.containerStatuses![0]!.ready).toBe(true);
  });

  it("rejects a readiness annotation that is neither true nor false", async () => {
    const h = await ControllerHarness.of([pod("p", {}, {}, { annotations: { [READY_ANNOTATION]: "yes" } })]);
    await expect(h.reconcile(pl, "default/p")).rejects.toThrow(`Pod default/p has annotation ${READY_ANNOTATION}: "yes"; expected "true" or "false"`);
  });

  it("waits for readiness gates before Ready", async () => {
    const h = await ControllerHarness.of([pod("p", {}, { readinessGates: [{ conditionType: "example.com/lb" }] })]);
    await h.reconcile(pl, "default/p");
    expect(condStatus(getPod(h), "ContainersReady")).toBe("True");
    expect(condStatus(getPod(h), "Ready")).toBe("False");
    await h.write((c) => c.updateStatus({ ...getPod(h), status: { ...getPod(h).status, conditions: [...getPod(h).status!.conditions!, { type: "example.com/lb", status: "True" }] } }));
    await h.reconcile(pl, "default/p");
    expect(condStatus(getPod(h), "Ready")).toBe("True");
  });

  it("finishes a pod with restartPolicy Never on the reconcile after it started", async () => {
    const h = await ControllerHarness.of([pod("p", {}, { restartPolicy: "Never" })]);
    await h.reconcile(pl, "default/p");
    expect(getPod(h).status!.phase).toBe("Running");
    await h.reconcile(pl, "default/p");
    const p = getPod(h);
    expect(p.status!.phase).toBe("Succeeded");
    expect(condStatus(p, "Ready")).toBe("False");
    expect(p.status!.containerStatuses![0]!.state).toEqual({ terminated: { exitCode: 0, reason: "Completed", startedAt: expect.any(String), finishedAt: expect.any(String) } });
    expect(await h.reconcile(pl, "default/p")).toEqual([]);
  });

  it(`fails a finishing pod with the exit code of ${EXIT_CODE_ANNOTATION}, and offers each code of a list as a choice`, async () => {
    const h = await ControllerHarness.of([
      pod("one", {}, { restartPolicy: "OnFailure" }, { annotations: { [EXIT_CODE_ANNOTATION]: "1" } }),
      pod("either", {}, { restartPolicy: "Never" }, { annotations: { [EXIT_CODE_ANNOTATION]: "0,3" } }),
    ]);
    for (let i = 0; i < 2; i++) await h.reconcile(pl, "default/one");
    expect(getPod(h, "one").status!.phase).toBe("Failed");
    expect(getPod(h, "one").status!.containerStatuses![0]!.state).toMatchObject({ terminated: { exitCode: 1, reason: "Error" } });
    await h.reconcile(pl, "default/either");
    h.choices.push(1);
    await h.reconcile(pl, "default/either");
    expect(h.chosen.at(-1)).toBe("exit code of Pod default/either");
    expect(getPod(h, "either").status!.phase).toBe("Failed");
  });

  it("leaves pods that are being deleted or already finished alone", async () => {
    const h = await ControllerHarness.of([pod("gone", {}, {}, { finalizers: ["example.com/x"], deletionTimestamp: "1970-01-01T00:00:00Z" })]);
    expect(await h.reconcile(pl, "default/gone")).toEqual([]);
    expect(await h.reconcile(pl, "default/missing")).toEqual([]);
  });
});
