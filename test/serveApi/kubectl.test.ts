import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "../../src/serveApi/apiServer.ts";
import { call } from "./serverRequest.ts";
import { findKubectl, INSTALL_KUBECTL, kubectl, kubectlBackground, type KubectlRun } from "./kubectlBinary.ts";

const bin = findKubectl();
if (bin === undefined) console.warn(`test/serveApi/kubectl.test.ts is skipped: ${INSTALL_KUBECTL}`);

const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  labels: {app: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "nginx:1.25"}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {mode: fast}
`;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
    subresources: {status: {}, scale: {specReplicasPath: .spec.size, statusReplicasPath: .status.size}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
`;

function ok(r: KubectlRun): string {
  if (r.code !== 0) throw new Error(`kubectl failed (${r.code}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

describe.skipIf(bin === undefined)(`kubectl (${bin ?? "absent"}) against kamera serve-api`, () => {
  let server: ApiServer;
  let dir: string;
  let kubeconfig: string;
  const k = (...args: string[]) => kubectl(bin!, kubeconfig, args);
  const kIn = (stdin: string, ...args: string[]) => kubectl(bin!, kubeconfig, args, stdin);

  beforeAll(async () => {
    server = await startApiServer({ controllers: "builtin" });
    dir = await mkdtemp(join(tmpdir(), "kamera-kubectl-"));
    kubeconfig = join(dir, "kubeconfig");
    await writeFile(kubeconfig, server.kubeconfig, { mode: 0o600 });
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("applies a multi-document YAML, and applying it again changes nothing", async () => {
    const first = ok(await kIn(MANIFEST, "apply", "-f", "-"));
    expect(first).toContain("namespace/shop created");
    expect(first).toContain("deployment.apps/api created");
    expect(first).toContain("service/api created");
    expect(first).toContain("configmap/settings created");
    const again = ok(await kIn(MANIFEST, "apply", "-f", "-"));
    expect(again).toContain("deployment.apps/api unchanged");
    expect(again).toContain("configmap/settings unchanged");
  });

  it("apply --server-side creates and updates, and refuses a namespace that does not exist as a client-side apply does", async () => {
    const cm = (namespace: string, mode: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa1\n  namespace: ${namespace}\ndata:\n  mode: ${mode}\n`;
    expect(ok(await kIn(cm("shop", "fast"), "apply", "--server-side", "-f", "-"))).toContain("configmap/ssa1 serverside-applied");
    ok(await kIn(cm("shop", "slow"), "apply", "--server-side", "-f", "-"));
    expect(JSON.parse(ok(await k("-n", "shop", "get", "configmap", "ssa1", "-o", "json"))).data).toEqual({ mode: "slow" });
    const missing = await kIn(cm("nosuchns", "fast"), "apply", "--server-side", "-f", "-");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('namespaces "nosuchns" not found');
    expect(server.cluster.world.get("core/ConfigMap", "nosuchns", "ssa1")).toBeUndefined();
  });

  it("get -o yaml shows the server-set fields; get shows the usual table", async () => {
    const yaml = ok(await k("-n", "shop", "get", "configmap", "settings", "-o", "yaml"));
    expect(yaml).toMatch(/uid: [0-9a-f-]{36}/);
    expect(yaml).toMatch(/resourceVersion: "\d+"/);
    expect(yaml).toContain("mode: fast");
    await server.settled();
    const table = ok(await k("-n", "shop", "get", "deployments"));
    expect(table).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
    expect(table).toMatch(/^api\s+2\/2\s+2\s+2\s+/m);
  });

  it("label, scale and patch (merge, json, strategic) change the object", async () => {
    expect(ok(await k("-n", "shop", "label", "deployment", "api", "tier=backend"))).toContain("deployment.apps/api labeled");
    expect(ok(await k("-n", "shop", "scale", "deployment", "api", "--replicas=3"))).toContain("deployment.apps/api scaled");
    ok(await k("-n", "shop", "patch", "configmap", "settings", "--type=merge", "-p", '{"data":{"merged":"yes"}}'));
    ok(await k("-n", "shop", "patch", "configmap", "settings", "--type=json", "-p", '[{"op":"replace","path":"/data/mode","value":"slow"}]'));
    ok(await k("-n", "shop", "patch", "deployment", "api", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"api","image":"nginx:1.26"}]}}}}'));
    const cm = JSON.parse(ok(await k("-n", "shop", "get", "configmap", "settings", "-o", "json")));
    expect(cm.data).toEqual({ mode: "slow", merged: "yes" });
    const deploy = JSON.parse(ok(await k("-n", "shop", "get", "deployment", "api", "-o", "json")));
    expect(deploy.metadata.labels).toEqual({ app: "api", tier: "backend" });
    expect(deploy.spec.replicas).toBe(3);
    // The strategic merge kept the container list, merged by name.
    expect(deploy.spec.template.spec.containers).toEqual([{ name: "api", image: "nginx:1.26" }]);
  });

  it("edit saves what the editor changed", async () => {
    const editor = join(dir, "editor.sh");
    await writeFile(editor, '#!/bin/sh\nsed -i "s/mode: slow/mode: edited/" "$1"\n', { mode: 0o755 });
    const r = await kubectl(bin!, kubeconfig, ["-n", "shop", "edit", "configmap", "settings"], undefined, { EDITOR: editor, KUBE_EDITOR: editor });
    expect(ok(r)).toContain("configmap/settings edited");
    expect(JSON.parse(ok(await k("-n", "shop", "get", "configmap", "settings", "-o", "json"))).data.mode).toBe("edited");
    ok(await k("-n", "shop", "patch", "configmap", "settings", "--type=merge", "-p", '{"data":{"mode":"slow"}}'));
  });

  it("the built-in controllers make pods for a deployment, and deleting it cascades to its replica sets and pods", async () => {
    await server.settled();
    const pods = ok(await k("-n", "shop", "get", "pods", "-l", "app=api", "-o", "name"));
    expect(pods.trim().split("\n")).toHaveLength(3);
    expect(ok(await k("-n", "shop", "get", "replicasets", "-o", "name"))).toMatch(/replicaset.apps\/api-/);
    expect(ok(await k("-n", "shop", "delete", "deployment", "api"))).toContain('deployment.apps "api" deleted');
    await server.settled();
    expect((await k("-n", "shop", "get", "pods,replicasets", "-o", "name")).stdout.trim()).toBe("");
  });

  it("a CRD becomes a servable kind: its objects can be applied, listed with their printer columns, scaled, and patched", async () => {
    ok(await kIn(CRD, "apply", "-f", "-"));
    ok(await k("wait", "--for", "condition=established", "crd/widgets.example.com", "--timeout=20s"));
    ok(await kIn("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: shop}\nspec: {size: 2}\n", "apply", "-f", "-"));
    expect(ok(await k("-n", "shop", "get", "wd"))).toMatch(/^NAME\s+SIZE\s+AGE\nw1\s+2\s+/);
    ok(await k("-n", "shop", "scale", "widget", "w1", "--replicas=5"));
    ok(await k("-n", "shop", "patch", "widget", "w1", "--type=merge", "-p", '{"spec":{"color":"red"}}'));
    const w = JSON.parse(ok(await k("-n", "shop", "get", "widget", "w1", "-o", "json")));
    expect(w.spec).toEqual({ size: 5, color: "red" });
    const strategic = await k("-n", "shop", "patch", "widget", "w1", "-p", '{"spec":{"size":1}}');
    expect(strategic.code).not.toBe(0);
    expect(strategic.stderr).toContain("the body of the request was in an unknown format");
  });

  it("delete crd waits until its objects are deleted, and the definition applied again lists none", async () => {
    const sprockets = CRD.replaceAll("widgets", "sprockets").replaceAll("Widget", "Sprocket").replaceAll("widget", "sprocket").replace(/shortNames: \[[^\]]*\]/, "shortNames: [sp]");
    ok(await kIn(sprockets, "apply", "-f", "-"));
    ok(await k("wait", "--for", "condition=established", "crd/sprockets.example.com", "--timeout=20s"));
    ok(await kIn("apiVersion: example.com/v1\nkind: Sprocket\nmetadata: {name: s1, namespace: shop}\n", "apply", "-f", "-"));
    expect(ok(await k("delete", "crd", "sprockets.example.com", "--timeout=20s"))).toContain('customresourcedefinition.apiextensions.k8s.io "sprockets.example.com" deleted');
    ok(await kIn(sprockets, "apply", "-f", "-"));
    ok(await k("wait", "--for", "condition=established", "crd/sprockets.example.com", "--timeout=20s"));
    const r = await k("-n", "shop", "get", "sprockets");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("No resources found in shop namespace.");
  });

  it("api-resources lists a definition that is being deleted without create, patch or update", async () => {
    const gadgets = CRD.replaceAll("widgets", "gadgets").replaceAll("Widget", "Gadget").replaceAll("widget", "gadget").replace(/shortNames: \[[^\]]*\]/, "shortNames: [gd]");
    const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    ok(await kIn(gadgets, "apply", "-f", "-"));
    ok(await k("wait", "--for", "condition=established", "crd/gadgets.example.com", "--timeout=20s"));
    ok(await kIn("apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1, namespace: shop, finalizers: [example.com/hold]}\n", "apply", "-f", "-"));
    // kubectl 1.20 prints the verbs as "[get list]", later ones as "get,list".
    const verbsOfGadgets = async () => {
      const line = ok(await k("api-resources", "--api-group=example.com", "-o", "wide")).split("\n").find((l) => l.startsWith("gadgets "));
      return line?.replace(/[[\],]/g, " ").split(/\s+/).filter((w) => VERBS.includes(w));
    };
    expect(await verbsOfGadgets()).toEqual(VERBS);
    ok(await k("delete", "crd", "gadgets.example.com", "--wait=false"));
    expect(await verbsOfGadgets()).toEqual(["delete", "deletecollection", "get", "list", "watch"]);
    expect(ok(await k("api-resources", "--api-group=example.com", "--verbs=create", "-o", "name"))).not.toContain("gadgets");
    ok(await k("-n", "shop", "patch", "gadget", "g1", "--type=merge", "-p", '{"metadata":{"finalizers":null}}'));
    expect(await verbsOfGadgets()).toBeUndefined();
  });

  it("delete ns waits until its objects and then the namespace are gone; get ns says Terminating while a finalizer holds it", async () => {
    ok(await kIn("apiVersion: v1\nkind: Namespace\nmetadata: {name: gone}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: gone}\n", "apply", "-f", "-"));
    expect(ok(await k("delete", "ns", "gone", "--timeout=20s"))).toContain('namespace "gone" deleted');
    const r = await k("-n", "gone", "get", "cm");
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("No resources found in gone namespace.");

    ok(await kIn("apiVersion: v1\nkind: Namespace\nmetadata: {name: held}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: held, finalizers: [example.com/hold]}\n", "apply", "-f", "-"));
    ok(await k("delete", "ns", "held", "--wait=false"));
    expect(ok(await k("get", "ns", "held"))).toMatch(/held\s+Terminating/);
    ok(await k("-n", "held", "patch", "cm", "c", "--type=merge", "-p", '{"metadata":{"finalizers":null}}'));
    ok(await k("wait", "--for=delete", "ns/held", "--timeout=20s"));
  });

  it("get --watch sees the changes another client makes", async () => {
    const watcher = kubectlBackground(bin!, kubeconfig, ["-n", "shop", "get", "configmaps", "--watch", "-o", "custom-columns=NAME:.metadata.name,V:.data.v"]);
    try {
      await watcher.until((out) => /^settings\s/m.test(out));
      // Another client, over HTTP.
      await call(server, "POST", "/api/v1/namespaces/shop/configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "watched" }, data: { v: "one" } });
      await watcher.until((out) => /^watched\s+one$/m.test(out));
      await call(server, "PATCH", "/api/v1/namespaces/shop/configmaps/watched", { data: { v: "two" } }, { contentType: "application/merge-patch+json" });
      await watcher.until((out) => /^watched\s+two$/m.test(out));
    } finally {
      watcher.stop();
    }
  });

  it("a replace with a stale resourceVersion fails with kubectl's Conflict message", async () => {
    const stale = ok(await k("-n", "shop", "get", "configmap", "settings", "-o", "yaml"));
    ok(await k("-n", "shop", "label", "configmap", "settings", "touched=yes"));
    const r = await kIn(stale.replace("mode: slow", "mode: stale"), "replace", "-f", "-");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again');
  });

  it("404, 409 and 422 come with kubectl's usual messages", async () => {
    const missing = await k("-n", "shop", "get", "configmap", "nope");
    expect(missing.stderr).toContain('Error from server (NotFound): configmaps "nope" not found');
    const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: once, namespace: shop}\n";
    ok(await kIn(cm, "create", "-f", "-"));
    const twice = await kIn(cm, "create", "-f", "-");
    expect(twice.stderr).toContain('Error from server (AlreadyExists): error when creating "STDIN": configmaps "once" already exists');
    const invalid = await kIn("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name, namespace: shop}\n", "create", "-f", "-");
    expect(invalid.stderr).toContain('The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
  });

  it("an unknown resource type is reported as kubectl reports it", async () => {
    const r = await k("get", "gizmos");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('the server doesn\'t have a resource type "gizmos"');
  });

  it("a kubeconfig with the wrong token is refused", async () => {
    const wrong = join(dir, "wrong");
    await writeFile(wrong, server.kubeconfig.replace(`token: ${server.token}`, "token: not-the-token"));
    const r = await kubectl(bin!, wrong, ["get", "pods"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/You must be logged in to the server|Unauthorized/);
  });
});
