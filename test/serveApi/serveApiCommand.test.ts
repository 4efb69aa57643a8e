import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonSummary } from "../../src/cli/jsonSummary.ts";
import { runCli } from "../../src/cli/runCli.ts";
import type { ApiServer } from "../../src/serveApi/apiServer.ts";
import { loadStateFile } from "../../src/serveApi/stateFile.ts";
import { capturedIO } from "../cli/capturedIO.ts";
import { call } from "./serverRequest.ts";
// kamera explore names a bundled example, which the executable registers; here the test does.
import "../../examples/index.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-serve-api-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

/** The served cluster as the kubeconfig describes it (what a client outside the process knows). */
function endpointOf(kubeconfigText: string): Pick<ApiServer, "url" | "token" | "certificate"> {
  const kc = parse(kubeconfigText);
  const cluster = kc.clusters[0].cluster;
  return { url: cluster.server, token: kc.users[0].user.token, certificate: Buffer.from(cluster["certificate-authority-data"], "base64").toString("utf8") };
}

const DEPLOYMENT = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } },
};

describe("kamera serve-api", () => {
  it("serves the --state objects with live controllers, prints the kubeconfig path, and saves everything on Ctrl-C", async () => {
    const state = join(dir, "state.yaml");
    await writeFile(state, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: seeded}\ndata: {a: b}\n");
    const kubeconfig = join(dir, "kc.yaml");
    const saved = join(dir, "saved.yaml");
    const io = capturedIO();
    const exit = runCli(["serve-api", "--state", state, "--controllers", "builtin", "--save", saved, "--kubeconfig", kubeconfig], io, dir);
    await until(() => io.out().includes("Ctrl-C stops"));
    expect(io.out()).toContain(`kubeconfig: ${kubeconfig}`);
    expect(io.out()).toContain(`export KUBECONFIG=${kubeconfig}`);
    const server = endpointOf(await readFile(kubeconfig, "utf8")) as ApiServer;
    expect((await call(server, "GET", "/api/v1/namespaces/default/configmaps/seeded")).json.data).toEqual({ a: "b" });
    expect((await call(server, "POST", "/apis/apps/v1/namespaces/default/deployments", DEPLOYMENT)).status).toBe(201);
    await until(async () => (await call(server, "GET", "/api/v1/namespaces/default/pods")).json.items.length === 2);
    io.interrupt();
    expect(await exit).toBe(0);
    expect(io.out()).toMatch(/saved \d+ objects to /);
    const kinds = (await loadStateFile(saved)).map((o) => `${o.kind} ${o.metadata?.name}`);
    expect(kinds).toEqual(expect.arrayContaining(["ConfigMap seeded", "Deployment web", "Namespace default"]));
    expect(kinds.filter((k) => k.startsWith("Pod "))).toHaveLength(2);
  });

  it("a --state file that does not exist is an error that names it", async () => {
    const io = capturedIO();
    const code = await runCli(["serve-api", "--state", "missing.yaml"], io, dir);
    expect(code).not.toBe(0);
    expect(io.err()).toContain("missing.yaml: no such file");
  });

  it("a --state or --kinds that is a directory is a usage error saying so and what file it takes", async () => {
    for (const [flag, expected] of [["--state", "a manifest or a dump file"], ["--kinds", "a YAML file of CustomResourceDefinitions"]]) {
      const io = capturedIO();
      const code = await runCli(["serve-api", flag!, "."], io, dir);
      expect(code).toBe(2);
      expect(io.err()).toBe(`error: ${flag} .: is a directory; give ${expected}\n(run 'kamera serve-api --help' for usage)\n`);
    }
  });

  it("--kinds refuses a file that holds anything but CustomResourceDefinitions", async () => {
    const kinds = join(dir, "kinds.yaml");
    await writeFile(kinds, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    const io = capturedIO();
    const code = await runCli(["serve-api", "--kinds", kinds], io, dir);
    expect(code).toBe(2);
    expect(io.err()).toContain("the file must hold CustomResourceDefinitions");
  });
});

describe("kamera explore --from", () => {
  it("explores from the objects of a saved state instead of the scenario's", async () => {
    const world = join(dir, "world.yaml");
    // trivial's reconcilers are pending for default/foo; from this file they find a Foo in mode B.
    await writeFile(world, "apiVersion: webapp.discrete.events/v1\nkind: Foo\nmetadata: {name: foo}\nspec: {mode: B}\nstatus: {state: ''}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: default}\n");
    const io = capturedIO();
    const code = await runCli(["explore", "trivial", "--from", world, "--json"], io, dir);
    expect(code).toBe(0);
    const summary = JSON.parse(io.out()) as JsonSummary;
    expect(summary.converged.length).toBeGreaterThan(0);
    for (const s of summary.converged) expect(s.objectCount).toBe(2);
  });
});
