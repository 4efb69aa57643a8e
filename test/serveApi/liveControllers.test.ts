import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import { startApiServer, type ApiServer } from "../../src/serveApi/apiServer.ts";
import { findKubectl, kubectl } from "./kubectlBinary.ts";

const bin = findKubectl();

const NOW = () => new Date("2026-01-01T00:00:00Z");

function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: "nginx" }] } } },
  };
}

async function scenario(server: ApiServer): Promise<string> {
  server.cluster.write((txn) => txn.create(deployment("a", 2)));
  server.cluster.write((txn) => txn.create(deployment("b", 1)));
  await server.settled();
  server.cluster.write((txn) => txn.patch({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "a" }, { spec: { replicas: 3 } }));
  await server.settled();
  server.cluster.write((txn) => txn.delete({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name: "b" }));
  await server.settled();
  return JSON.stringify(server.cluster.world.all());
}

describe("live controllers", () => {
  it("make a deployment's replica set and ready pods, follow a scale-up, and cascade a delete", async () => {
    const server = await startApiServer({ controllers: "builtin", now: NOW });
    try {
      await scenario(server);
      const pods = server.cluster.world.list("core/Pod");
      expect(pods.map((p) => p.metadata?.labels?.app)).toEqual(["a", "a", "a"]);
      expect(pods.every((p) => (p as { status?: { phase?: string } }).status?.phase === "Running")).toBe(true);
      expect(server.cluster.world.list("apps/ReplicaSet").map((r) => r.metadata?.name?.split("-")[0])).toEqual(["a"]);
      expect((server.cluster.world.get("apps/Deployment", "default", "a") as { status?: { readyReplicas?: number } }).status?.readyReplicas).toBe(3);
    } finally {
      await server.close();
    }
  });

  it("are deterministic: the same client writes give the same world, uids and names included", async () => {
    const worlds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const server = await startApiServer({ controllers: "builtin", now: NOW });
      try {
        worlds.push(await scenario(server));
      } finally {
        await server.close();
      }
    }
    expect(worlds[1]).toBe(worlds[0]);
  });

  it("reconcile the objects already in the cluster when they start", async () => {
    const server = await startApiServer({ controllers: "builtin", now: NOW, objects: [deployment("seeded", 2)] });
    try {
      await server.settled();
      expect(server.cluster.world.list("core/Pod")).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it("without controllers nothing reacts to writes", async () => {
    const server = await startApiServer({ now: NOW });
    try {
      server.cluster.write((txn) => txn.create(deployment("a", 2)));
      await server.settled();
      expect(server.cluster.world.list("apps/ReplicaSet")).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it.skipIf(bin === undefined)("roll a deployment back with kubectl rollout undo to its old replica set, not a new one", async () => {
    const server = await startApiServer({ controllers: "builtin", now: NOW });
    const dir = await mkdtemp(join(tmpdir(), "kamera-undo-"));
    try {
      const kubeconfig = join(dir, "kubeconfig");
      await writeFile(kubeconfig, server.kubeconfig, { mode: 0o600 });
      const k = async (args: string[], stdin?: string) => {
        const r = await kubectl(bin!, kubeconfig, args, stdin);
        if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed (${r.code}): ${r.stderr}`);
        await server.settled();
      };
      await k(["apply", "-f", "-"], JSON.stringify(deployment("web", 1)));
      await k(["set", "image", "deploy/web", "web=nginx:2"]);
      await k(["rollout", "restart", "deploy/web"]);
      await k(["rollout", "undo", "deploy/web"]);
      const replicaSets = server.cluster.world.list("apps/ReplicaSet") as { metadata?: KubeObject["metadata"]; spec?: { replicas?: number; template?: { spec?: { containers?: { image?: string }[] } } } }[];
      expect(replicaSets).toHaveLength(3);
      const active = replicaSets.filter((rs) => (rs.spec?.replicas ?? 0) > 0);
      expect(active.map((rs) => [rs.spec?.template?.spec?.containers?.[0]?.image, rs.metadata?.annotations?.["deployment.kubernetes.io/revision"]])).toEqual([["nginx:2", "4"]]);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
