import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "../../src/serveApi/apiServer.ts";
import { call, watch } from "./serverRequest.ts";

const NOW = () => new Date("2026-01-01T00:00:00Z");

function cm(name: string, labels: Record<string, string> = {}, namespace = "default") {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace, labels }, data: { k: name } };
}

describe("the served API server over HTTPS", () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer({ token: "secret-token", now: NOW, maxBodyBytes: 64 * 1024, watchHistory: 50 });
  });
  afterAll(async () => {
    await server.close();
  });

  describe("authentication", () => {
    it("a request without the bearer token is 401 with an Unauthorized Status", async () => {
      const r = await call(server, "GET", "/api/v1/namespaces", undefined, { token: null });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ kind: "Status", status: "Failure", reason: "Unauthorized", code: 401 });
    });

    it("a wrong token is 401 and changes nothing", async () => {
      const before = server.cluster.revision;
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("sneaky"), { token: "guess" });
      expect(r.status).toBe(401);
      expect(server.cluster.revision).toBe(before);
      expect(server.cluster.world.get("core/ConfigMap", "default", "sneaky")).toBeUndefined();
    });

    it("listens on 127.0.0.1 only and puts the token and the certificate in the kubeconfig", () => {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(server.kubeconfig).toContain("token: secret-token");
      expect(server.kubeconfig).toContain(`server: ${server.url}`);
      expect(server.kubeconfig).toContain(`certificate-authority-data: ${Buffer.from(server.certificate).toString("base64")}`);
    });
  });

  describe("discovery", () => {
    it("/api lists v1, /apis lists the named groups with apps, batch and apiextensions", async () => {
      expect((await call(server, "GET", "/api")).json).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
      const groups = (await call(server, "GET", "/apis")).json.groups.map((g: { name: string }) => g.name);
      expect(groups).toEqual(expect.arrayContaining(["apps", "batch", "apiextensions.k8s.io"]));
    });

    it("/apis/apps/v1 lists deployments with their short name, scale and status subresources", async () => {
      const r = (await call(server, "GET", "/apis/apps/v1")).json;
      const names = r.resources.map((x: { name: string }) => x.name);
      expect(names).toEqual(expect.arrayContaining(["deployments", "deployments/status", "deployments/scale"]));
      expect(r.resources.find((x: { name: string }) => x.name === "deployments")).toMatchObject({ kind: "Deployment", namespaced: true, shortNames: ["deploy"] });
    });

    it("a SelfSubjectAccessReview (kubectl auth can-i) is allowed, answered and not stored", async () => {
      const before = server.cluster.revision;
      const review = { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "get", resource: "pods" } } };
      const r = await call(server, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review);
      expect(r.status).toBe(201);
      expect(r.json.status.allowed).toBe(true);
      expect(server.cluster.revision).toBe(before);
      expect((await call(server, "GET", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")).status).toBe(405);
    });

    it("an unknown group version or resource is 404 NotFound", async () => {
      expect((await call(server, "GET", "/apis/nope.example.com/v1")).status).toBe(404);
      const r = await call(server, "GET", "/apis/nope.example.com/v1/namespaces/default/things");
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ kind: "Status", reason: "NotFound", message: "the server could not find the requested resource" });
    });
  });

  describe("reads and writes", () => {
    it("create answers 201 with the server-set fields; get returns the object; a missing one is 404 with the usual message", async () => {
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("a"));
      expect(r.status).toBe(201);
      expect(r.json.metadata).toMatchObject({ name: "a", namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z" });
      expect(r.json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect((await call(server, "GET", "/api/v1/namespaces/default/configmaps/a")).json.data).toEqual({ k: "a" });
      const missing = await call(server, "GET", "/api/v1/namespaces/default/configmaps/zzz");
      expect(missing.status).toBe(404);
      expect(missing.json).toMatchObject({ reason: "NotFound", message: 'configmaps "zzz" not found', details: { name: "zzz", kind: "configmaps" } });
    });

    it("a second create of the same name is 409 AlreadyExists", async () => {
      await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("dup"));
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("dup"));
      expect(r.status).toBe(409);
      expect(r.json).toMatchObject({ reason: "AlreadyExists", message: 'configmaps "dup" already exists' });
    });

    it("an update with a stale resourceVersion is 409 Conflict and changes nothing", async () => {
      const created = (await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("c"))).json;
      const first = await call(server, "PUT", "/api/v1/namespaces/default/configmaps/c", { ...created, data: { k: "1" } });
      expect(first.status).toBe(200);
      const stale = await call(server, "PUT", "/api/v1/namespaces/default/configmaps/c", { ...created, data: { k: "2" } });
      expect(stale.status).toBe(409);
      expect(stale.json.message).toBe('Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again');
      expect(server.cluster.world.get("core/ConfigMap", "default", "c")!.data).toEqual({ k: "1" });
    });

    it("an invalid name is 422 Invalid with the apimachinery message", async () => {
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("Bad_Name"));
      expect(r.status).toBe(422);
      expect(r.json.reason).toBe("Invalid");
      expect(r.json.message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    });

    it("malformed JSON is 400 BadRequest and changes nothing", async () => {
      const before = server.cluster.revision;
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps", undefined, { raw: '{"apiVersion": "v1", ' });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ kind: "Status", reason: "BadRequest" });
      expect(r.json.message).toMatch(/^json parse error/);
      expect(server.cluster.revision).toBe(before);
    });

    it("a body over the limit is 413 RequestEntityTooLarge and changes nothing", async () => {
      const before = server.cluster.revision;
      const big = { ...cm("big"), data: { k: "x".repeat(70 * 1024) } };
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps", big);
      expect(r.status).toBe(413);
      expect(r.json).toMatchObject({ reason: "RequestEntityTooLarge", message: "Request entity too large: limit is 65536" });
      expect(server.cluster.revision).toBe(before);
    });

    it("a protobuf body is 415 UnsupportedMediaType that says how to send JSON instead, and changes nothing", async () => {
      const before = server.cluster.revision;
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps", undefined, { raw: Buffer.from("k8s\u0000\n\u0002v1"), contentType: "application/vnd.kubernetes.protobuf" });
      expect(r.status).toBe(415);
      expect(r.json.reason).toBe("UnsupportedMediaType");
      expect(r.json.message).toContain("--dry-run=client -o yaml | kubectl create -f -");
      expect(r.json.message).toContain("accepted media types include: application/json (");
      expect(server.cluster.revision).toBe(before);
    });

    it("a YAML body is 415 UnsupportedMediaType whose accepted media types are the ones read, and changes nothing", async () => {
      const before = server.cluster.revision;
      const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n";
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps", undefined, { raw: yaml, contentType: "application/yaml" });
      expect(r.status).toBe(415);
      expect(r.json).toMatchObject({ reason: "UnsupportedMediaType", message: "the body of the request was application/yaml, which kamera serve-api does not read - accepted media types include: application/json" });
      const patch = await call(server, "PATCH", "/api/v1/namespaces/default/configmaps/a", undefined, { raw: "data: {}\n", contentType: "application/cbor" });
      expect(patch.status).toBe(415);
      expect(patch.json.message).toBe(
        "the body of the request was application/cbor, which kamera serve-api does not read - accepted media types include: " +
          "application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml",
      );
      expect(server.cluster.revision).toBe(before);
    });

    it("a create or update whose body is of a type not read (text/plain) is 415 UnsupportedMediaType, and changes nothing", async () => {
      await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("typed"));
      const before = server.cluster.revision;
      const message = "the body of the request was in an unknown format - accepted media types include: application/json";
      const created = await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("plain"), { contentType: "text/plain" });
      expect(created.status).toBe(415);
      expect(created.json).toMatchObject({ kind: "Status", code: 415, reason: "UnsupportedMediaType", message });
      const current = (await call(server, "GET", "/api/v1/namespaces/default/configmaps/typed")).json;
      const updated = await call(server, "PUT", "/api/v1/namespaces/default/configmaps/typed", { ...current, data: { k: "changed" } }, { contentType: "text/plain; charset=utf-8" });
      expect(updated.status).toBe(415);
      expect(updated.json.message).toBe(message);
      const deleted = await call(server, "DELETE", "/api/v1/namespaces/default/configmaps/typed", { kind: "DeleteOptions", apiVersion: "v1" }, { contentType: "text/plain" });
      expect(deleted.status).toBe(415);
      expect(server.cluster.world.get("core/ConfigMap", "default", "plain")).toBeUndefined();
      expect(server.cluster.revision).toBe(before);
    });

    it("the body's media type is checked only once the request is routed: an unknown resource is 404 and a method the path does not serve is 405, whatever the body", async () => {
      const plain = { contentType: "text/plain" };
      expect((await call(server, "POST", "/api/v1/namespaces/default/nosuchthings", cm("a"), plain)).status).toBe(404);
      expect((await call(server, "POST", "/apis/example.com/v1/widgets", cm("a"), plain)).status).toBe(404);
      expect((await call(server, "POST", "/api/v1/configmaps", cm("a"), plain)).status).toBe(405);
      expect((await call(server, "PUT", "/api/v1/namespaces/default/configmaps", cm("a"), plain)).status).toBe(405);
      expect((await call(server, "POST", "/api/v1/namespaces/default/configmaps/a", cm("a"), plain)).status).toBe(405);
      expect((await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("a"), plain)).status).toBe(415);
    });

    it("a create, update or delete without a Content-Type is read as JSON, as the real server reads it", async () => {
      const created = await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("untyped"), { contentType: null });
      expect(created.status).toBe(201);
      const updated = await call(server, "PUT", "/api/v1/namespaces/default/configmaps/untyped", { ...created.json, data: { k: "v2" } }, { contentType: null });
      expect(updated.status).toBe(200);
      expect(updated.json.data).toEqual({ k: "v2" });
      const deleted = await call(server, "DELETE", "/api/v1/namespaces/default/configmaps/untyped", { kind: "DeleteOptions", apiVersion: "v1", dryRun: ["All"] }, { contentType: null });
      expect(deleted.status).toBe(200);
      expect(server.cluster.world.get("core/ConfigMap", "default", "untyped")).toBeDefined();
    });

    it("application/json with a charset, in any case, is JSON; a delete without a body needs no Content-Type", async () => {
      const created = await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("charset"), { contentType: "Application/JSON; charset=utf-8" });
      expect(created.status).toBe(201);
      const deleted = await call(server, "DELETE", "/api/v1/namespaces/default/configmaps/charset", undefined, { contentType: null });
      expect(deleted.status).toBe(200);
      expect(server.cluster.world.get("core/ConfigMap", "default", "charset")).toBeUndefined();
    });

    it("a patch without a Content-Type is 415 UnsupportedMediaType listing the patch types, as the real server answers it", async () => {
      await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("unpatched"));
      const r = await call(server, "PATCH", "/api/v1/namespaces/default/configmaps/unpatched", { data: { m: "1" } }, { contentType: null });
      expect(r.status).toBe(415);
      expect(r.json.message).toBe(
        "the body of the request was in an unknown format - accepted media types include: " +
          "application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml",
      );
      const merged = await call(server, "PATCH", "/api/v1/namespaces/default/configmaps/unpatched", { data: { m: "1" } }, { contentType: "application/merge-patch+json; charset=utf-8" });
      expect(merged.json.data).toEqual({ k: "unpatched", m: "1" });
    });

    it("a body of another kind than the URL serves is 400 BadRequest", async () => {
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps", { apiVersion: "v1", kind: "Secret", metadata: { name: "s" } });
      expect(r.status).toBe(400);
      expect(server.cluster.world.get("core/Secret", "default", "s")).toBeUndefined();
    });

    it("a body of another version of the URL's group is 400 BadRequest, on create, update and apply, and changes nothing", async () => {
      const before = server.cluster.revision;
      const deployment = (apiVersion: string) => ({ apiVersion, kind: "Deployment", metadata: { name: "old" }, spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } } } } });
      const created = await call(server, "POST", "/apis/apps/v1/namespaces/default/deployments", deployment("apps/v1beta1"));
      expect(created.status).toBe(400);
      expect(created.json).toMatchObject({ reason: "BadRequest", message: "the API version in the data (apps/v1beta1) does not match the expected API version (apps/v1)" });
      expect(server.cluster.world.get("apps/Deployment", "default", "old")).toBeUndefined();
      expect(server.cluster.revision).toBe(before);

      const current = (await call(server, "POST", "/apis/apps/v1/namespaces/default/deployments", deployment("apps/v1"))).json;
      const afterCreate = server.cluster.revision;
      const updated = await call(server, "PUT", "/apis/apps/v1/namespaces/default/deployments/old", { ...current, apiVersion: "apps/v1beta2" });
      expect(updated.status).toBe(400);
      expect(updated.json.message).toBe("the API version in the data (apps/v1beta2) does not match the expected API version (apps/v1)");

      const apply = (body: string) =>
        call(server, "PATCH", "/apis/apps/v1/namespaces/default/deployments/old?fieldManager=test", undefined, { raw: body, contentType: "application/apply-patch+yaml" });
      const applied = await apply("apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: old}\nspec: {replicas: 3}\n");
      expect(applied.status).toBe(400);
      expect(applied.json.message).toBe("Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1");
      const unversioned = await apply("kind: Deployment\nmetadata: {name: old}\nspec: {replicas: 3}\n");
      expect(unversioned.status).toBe(400);
      expect(unversioned.json.message).toBe("Incorrect version specified in apply patch. Specified patch version: , expected: apps/v1");
      expect(server.cluster.revision).toBe(afterCreate);
    });

    it("a namespace in the body that differs from the URL's is 400 BadRequest", async () => {
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("x", {}, "kube-system"));
      expect(r.status).toBe(400);
      expect(r.json.message).toBe("the namespace of the provided object does not match the namespace sent on the request");
    });

    it("creating in a namespace that does not exist is 404 for the namespace", async () => {
      const r = await call(server, "POST", "/api/v1/namespaces/ghost/configmaps", cm("x", {}, "ghost"));
      expect(r.status).toBe(404);
      expect(r.json.message).toBe('namespaces "ghost" not found');
    });

    it("dryRun=All validates and answers but changes nothing", async () => {
      const before = server.cluster.revision;
      const r = await call(server, "POST", "/api/v1/namespaces/default/configmaps?dryRun=All", cm("dry"));
      expect(r.status).toBe(201);
      expect(r.json.metadata.name).toBe("dry");
      expect(server.cluster.revision).toBe(before);
      expect((await call(server, "GET", "/api/v1/namespaces/default/configmaps/dry")).status).toBe(404);
    });

    it("merge, JSON and strategic merge patches are told apart by content type; an unknown one is 415", async () => {
      await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("p"));
      const path = "/api/v1/namespaces/default/configmaps/p";
      expect((await call(server, "PATCH", path, { data: { m: "1" } }, { contentType: "application/merge-patch+json" })).json.data).toEqual({ k: "p", m: "1" });
      expect((await call(server, "PATCH", path, [{ op: "remove", path: "/data/k" }], { contentType: "application/json-patch+json" })).json.data).toEqual({ m: "1" });
      expect((await call(server, "PATCH", path, { data: { s: "2" } }, { contentType: "application/strategic-merge-patch+json" })).json.data).toEqual({ m: "1", s: "2" });
      const r = await call(server, "PATCH", path, { data: {} }, { contentType: "text/plain" });
      expect(r.status).toBe(415);
    });

    it("server-side apply needs a fieldManager, creates a missing object with 201 Created and updates it with 200", async () => {
      const path = "/api/v1/namespaces/default/configmaps/applied";
      const body = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: b\n";
      const refused = await call(server, "PATCH", path, undefined, { raw: body, contentType: "application/apply-patch+yaml" });
      expect(refused.status).toBe(422);
      const r = await call(server, "PATCH", `${path}?fieldManager=test`, undefined, { raw: body, contentType: "application/apply-patch+yaml" });
      expect(r.status).toBe(201);
      expect(r.json.data).toEqual({ a: "b" });
      const again = await call(server, "PATCH", `${path}?fieldManager=test`, undefined, { raw: body.replace("a: b", "a: c"), contentType: "application/apply-patch+yaml" });
      expect(again.status).toBe(200);
      expect(again.json.data).toEqual({ a: "c" });
    });

    it("server-side apply that creates is admitted as a create: 404 in a missing namespace, 403 in one being deleted, where it still updates", async () => {
      const apply = (namespace: string, name: string, value: string) =>
        call(server, "PATCH", `/api/v1/namespaces/${namespace}/configmaps/${name}?fieldManager=test`, undefined, {
          raw: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n  k: ${value}\n`,
          contentType: "application/apply-patch+yaml",
        });
      const before = server.cluster.revision;
      const missing = await apply("nosuchns", "ssa1", "one");
      expect(missing.status).toBe(404);
      expect(missing.json).toMatchObject({ reason: "NotFound", message: 'namespaces "nosuchns" not found' });
      expect(server.cluster.revision).toBe(before);

      await call(server, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "closing", finalizers: ["example.com/hold"] } });
      expect((await apply("closing", "kept", "one")).status).toBe(201);
      // A finalizer keeps the config map (being deleted) in the namespace, which stays Terminating.
      await call(server, "PATCH", "/api/v1/namespaces/closing/configmaps/kept", { metadata: { finalizers: ["example.com/hold"] } }, { contentType: "application/merge-patch+json" });
      await call(server, "DELETE", "/api/v1/namespaces/closing");
      expect(server.cluster.world.get("core/Namespace", "", "closing")!.metadata!.deletionTimestamp).toBeDefined();
      const terminating = await apply("closing", "ssa2", "one");
      expect(terminating.status).toBe(403);
      expect(terminating.json).toMatchObject({
        reason: "Forbidden",
        message: 'configmaps "ssa2" is forbidden: unable to create new content in namespace closing because it is being terminated',
      });
      expect(server.cluster.world.get("core/ConfigMap", "closing", "ssa2")).toBeUndefined();
      const update = await apply("closing", "kept", "two");
      expect(update.status).toBe(200);
      expect(update.json.data).toEqual({ k: "two" });
    });

    it("the all-namespaces path of a namespaced kind is 405 MethodNotAllowed for create and deletecollection, and changes nothing", async () => {
      await call(server, "POST", "/api/v1/namespaces/kube-system/configmaps", cm("everywhere", {}, "kube-system"));
      const before = server.cluster.revision;
      const deleted = await call(server, "DELETE", "/api/v1/configmaps");
      expect(deleted.status).toBe(405);
      expect(deleted.json).toMatchObject({ kind: "Status", reason: "MethodNotAllowed", code: 405 });
      const created = await call(server, "POST", "/api/v1/configmaps", cm("nowhere"));
      expect(created.status).toBe(405);
      expect(created.json.reason).toBe("MethodNotAllowed");
      expect(server.cluster.revision).toBe(before);
      expect(server.cluster.world.get("core/ConfigMap", "kube-system", "everywhere")).toBeDefined();
      expect(server.cluster.world.get("core/ConfigMap", "default", "nowhere")).toBeUndefined();
    });

    it("deletecollection in a namespace deletes the matching objects of that namespace only", async () => {
      await call(server, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "sweep" } });
      for (const name of ["s1", "s2"]) await call(server, "POST", "/api/v1/namespaces/sweep/configmaps", cm(name, { sweep: "yes" }, "sweep"));
      await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("s3", { sweep: "yes" }));
      const r = await call(server, "DELETE", "/api/v1/namespaces/sweep/configmaps?labelSelector=sweep%3Dyes");
      expect(r.status).toBe(200);
      expect(r.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["s1", "s2"]);
      expect(server.cluster.world.list("core/ConfigMap").filter((o) => o.metadata?.labels?.sweep === "yes").map((o) => o.metadata!.name)).toEqual(["s3"]);
    });
  });

  describe("lists", () => {
    beforeAll(async () => {
      await call(server, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "lists" } });
      for (const [name, tier] of [["l1", "web"], ["l2", "db"], ["l3", "web"], ["l4", "web"], ["l5", "db"]]) {
        await call(server, "POST", "/api/v1/namespaces/lists/configmaps", cm(name!, { tier: tier! }, "lists"));
      }
    });

    it("filters by label and field selectors and carries the list's resourceVersion", async () => {
      const r = (await call(server, "GET", "/api/v1/namespaces/lists/configmaps?labelSelector=tier%3Dweb")).json;
      expect(r.kind).toBe("ConfigMapList");
      expect(r.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["l1", "l3", "l4"]);
      expect(r.metadata.resourceVersion).toBe(String(server.cluster.revision));
      const f = (await call(server, "GET", "/api/v1/configmaps?fieldSelector=metadata.namespace%3Dlists,metadata.name!%3Dl1")).json;
      expect(f.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["l2", "l3", "l4", "l5"]);
      expect((await call(server, "GET", "/api/v1/configmaps?labelSelector=tier%20in%20(")).status).toBe(400);
    });

    it("selects pods by status.phase and events by involvedObject, as a real server does; an unknown field is 400", async () => {
      for (const [name, phase] of [["run", "Running"], ["wait", "Pending"]]) {
        await call(server, "POST", "/api/v1/namespaces/lists/pods", { apiVersion: "v1", kind: "Pod", metadata: { name: name! }, spec: { containers: [{ name: "c", image: "i" }] } });
        await call(server, "PATCH", `/api/v1/namespaces/lists/pods/${name}/status`, { status: { phase } }, { contentType: "application/merge-patch+json" });
      }
      const running = (await call(server, "GET", "/api/v1/namespaces/lists/pods?fieldSelector=status.phase%3DRunning")).json;
      expect(running.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["run"]);
      await call(server, "POST", "/api/v1/namespaces/lists/events", { apiVersion: "v1", kind: "Event", metadata: { name: "e1" }, involvedObject: { kind: "Pod", name: "run", namespace: "lists" }, reason: "Started" });
      const events = (await call(server, "GET", "/api/v1/namespaces/lists/events?fieldSelector=involvedObject.name%3Drun,involvedObject.namespace%3Dlists")).json;
      expect(events.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["e1"]);
      const unknown = await call(server, "GET", "/api/v1/namespaces/lists/configmaps?fieldSelector=status.phase%3DRunning");
      expect(unknown.status).toBe(400);
      expect(unknown.json.message).toBe('"status.phase" is not a known field selector: only "metadata.name", "metadata.namespace"');
    });

    it("pages with limit and continue over one snapshot, whatever is written in between", async () => {
      const first = (await call(server, "GET", "/api/v1/namespaces/lists/configmaps?limit=2")).json;
      expect(first.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["l1", "l2"]);
      expect(first.metadata.remainingItemCount).toBe(3);
      await call(server, "POST", "/api/v1/namespaces/lists/configmaps", cm("l0", {}, "lists"));
      await call(server, "DELETE", "/api/v1/namespaces/lists/configmaps/l3");
      const second = (await call(server, "GET", `/api/v1/namespaces/lists/configmaps?limit=2&continue=${first.metadata.continue}`)).json;
      expect(second.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["l3", "l4"]);
      expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      const third = (await call(server, "GET", `/api/v1/namespaces/lists/configmaps?limit=2&continue=${second.metadata.continue}`)).json;
      expect(third.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["l5"]);
      expect(third.metadata.continue).toBeUndefined();
      expect((await call(server, "GET", "/api/v1/namespaces/lists/configmaps?continue=bogus")).status).toBe(400);
    });

    it("resourceVersionMatch without a resourceVersion, or an unknown one, is 422 Invalid with the real server's messages", async () => {
      const without = await call(server, "GET", "/api/v1/namespaces/lists/configmaps?resourceVersionMatch=Exact");
      expect(without.status).toBe(422);
      expect(without.json).toMatchObject({
        reason: "Invalid",
        message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
        details: { kind: "ListOptions", group: "meta.k8s.io" },
      });
      const bogus = await call(server, "GET", `/api/v1/configmaps?resourceVersion=${server.cluster.revision}&resourceVersionMatch=Bogus`);
      expect(bogus.status).toBe(422);
      expect(bogus.json.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Bogus": supported values: "Exact", "NotOlderThan", ""');
      const exact = await call(server, "GET", `/api/v1/namespaces/lists/configmaps?resourceVersion=${server.cluster.revision}&resourceVersionMatch=Exact`);
      expect(exact.status).toBe(200);
    });

    it("a resourceVersion newer than the server's is 504 Timeout", async () => {
      const r = await call(server, "GET", `/api/v1/configmaps?resourceVersion=${server.cluster.revision + 100}`);
      expect(r.status).toBe(504);
      expect(r.json.message).toMatch(/^Too large resource version/);
    });
  });

  describe("watch", () => {
    it("streams ADDED, MODIFIED and DELETED for changes made by another client, in order", async () => {
      const tap = await watch(server, `/api/v1/namespaces/default/configmaps?resourceVersion=${server.cluster.revision}`);
      expect(tap.status).toBe(200);
      await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("w"));
      await call(server, "PATCH", "/api/v1/namespaces/default/configmaps/w", { data: { k: "2" } }, { contentType: "application/merge-patch+json" });
      await call(server, "DELETE", "/api/v1/namespaces/default/configmaps/w");
      await tap.until((e) => e.length >= 3);
      tap.close();
      expect(tap.events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.data?.k}`)).toEqual(["ADDED w w", "MODIFIED w 2", "DELETED w 2"]);
      const rvs = tap.events.map((e) => Number(e.object.metadata.resourceVersion));
      expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    });

    it("without a resourceVersion starts with the current objects as ADDED", async () => {
      const tap = await watch(server, "/api/v1/namespaces/lists/configmaps?labelSelector=tier%3Ddb");
      await tap.until((e) => e.length >= 2);
      tap.close();
      expect(tap.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["ADDED l2", "ADDED l5"]);
    });

    it("resumes from a resourceVersion with the changes after it, and an object leaving the selector is DELETED", async () => {
      const from = server.cluster.revision;
      await call(server, "PATCH", "/api/v1/namespaces/lists/configmaps/l2", { metadata: { labels: { tier: "web" } } }, { contentType: "application/merge-patch+json" });
      const tap = await watch(server, `/api/v1/namespaces/lists/configmaps?labelSelector=tier%3Ddb&resourceVersion=${from}`);
      await tap.until((e) => e.length >= 1);
      tap.close();
      expect(tap.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["DELETED l2"]);
    });

    it("a resourceVersion older than the kept history gets an ERROR event with a 410 Expired Status", async () => {
      for (let i = 0; i < 60; i++) await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm(`churn-${i}`));
      const tap = await watch(server, "/api/v1/configmaps?resourceVersion=2");
      await tap.until((e) => e.length >= 1);
      tap.close();
      expect(tap.events[0]!.type).toBe("ERROR");
      expect(tap.events[0]!.object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });
      expect(tap.events[0]!.object.message).toMatch(/^too old resource version: 2/);
    });
  });
});

describe("bookmarks", () => {
  it("a watch that allows bookmarks gets BOOKMARK events with the current resourceVersion", async () => {
    const server = await startApiServer({ bookmarkIntervalMs: 20, now: NOW });
    try {
      const tap = await watch(server, `/api/v1/configmaps?allowWatchBookmarks=true&resourceVersion=${server.cluster.revision}`);
      await tap.until((e) => e.some((x) => x.type === "BOOKMARK"));
      tap.close();
      const b = tap.events.find((x) => x.type === "BOOKMARK")!;
      expect(b.object).toEqual({ kind: "ConfigMap", apiVersion: "v1", metadata: { resourceVersion: String(server.cluster.revision) } });
    } finally {
      await server.close();
    }
  });
});
