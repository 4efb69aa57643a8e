import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import {
  ApiError,
  ignoreNotFound,
  isAlreadyExists,
  isConflict,
  isInvalid,
  isNotFound,
} from "../../src/apiserver/apiError.ts";

describe("ApiError", () => {
  it("notFound is a 404 with the real server's message and a V1Status body", () => {
    const e = ApiError.notFound("pods", "web-0");
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe(404);
    expect(e.message).toBe('pods "web-0" not found');
    expect(e.headers).toEqual({});
    expect(e.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'pods "web-0" not found',
      reason: "NotFound",
      details: { name: "web-0", group: "", kind: "pods" },
      code: 404,
    });
  });

  it("notFound for a custom resource names the group-qualified resource", () => {
    const a = ApiError.notFound("foos.webapp.example.com", "x");
    const b = ApiError.notFound("foos", "x", "webapp.example.com");
    for (const e of [a, b]) {
      expect(e.message).toBe('foos.webapp.example.com "x" not found');
      expect(e.body.details).toEqual({ name: "x", group: "webapp.example.com", kind: "foos" });
    }
  });

  it("alreadyExists is a 409 with reason AlreadyExists", () => {
    const e = ApiError.alreadyExists("configmaps", "cfg");
    expect(e.code).toBe(409);
    expect(e.body.reason).toBe("AlreadyExists");
    expect(e.message).toBe('configmaps "cfg" already exists');
  });

  it("conflict is a 409 with the real optimistic-concurrency message", () => {
    const e = ApiError.conflict("deployments.apps", "web");
    expect(e.code).toBe(409);
    expect(e.body.reason).toBe("Conflict");
    expect(e.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it("invalid with one cause prints `<Kind> \"<name>\" is invalid: <field>: <message>` and typed causes", () => {
    const e = ApiError.invalid("Foo.webapp.example.com", "x", [
      { field: "metadata.resourceVersion", message: "Invalid value: 0x0: must be specified for an update" },
    ]);
    expect(e.code).toBe(422);
    expect(e.body.reason).toBe("Invalid");
    expect(e.message).toBe(
      'Foo.webapp.example.com "x" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
    expect(e.body.details).toEqual({
      name: "x",
      group: "webapp.example.com",
      kind: "Foo",
      causes: [
        { reason: "FieldValueInvalid", message: "Invalid value: 0x0: must be specified for an update", field: "metadata.resourceVersion" },
      ],
    });
  });

  it("invalid with several causes aggregates them in brackets and types each cause", () => {
    const e = ApiError.invalid("ConfigMap", "cfg", [
      { field: "metadata.name", message: "Required value: name or generateName is required" },
      { field: "metadata.finalizers", message: "Forbidden: no new finalizers can be added if the object is being deleted" },
    ]);
    expect(e.message).toBe(
      'ConfigMap "cfg" is invalid: [metadata.name: Required value: name or generateName is required, metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted]',
    );
    expect(e.body.details?.causes?.map((c) => c.reason)).toEqual(["FieldValueRequired", "FieldValueForbidden"]);
  });

  it("invalid without causes says only that the object is invalid", () => {
    expect(ApiError.invalid("Pod", "p", []).message).toBe('Pod "p" is invalid');
  });

  it("unprocessable is a 422 Invalid with the server's generic message and the reason as a cause", () => {
    const e = ApiError.unprocessable("testing value /spec/x failed");
    expect(e.code).toBe(422);
    expect(isInvalid(e)).toBe(true);
    expect(e.message).toBe("the server rejected our request due to an error in our request");
    expect(e.body.details?.causes?.[0]?.message).toBe("testing value /spec/x failed");
  });

  it("badRequest and forbidden carry their codes and reasons", () => {
    expect(ApiError.badRequest("bad").code).toBe(400);
    expect(ApiError.badRequest("bad").body.reason).toBe("BadRequest");
    expect(ApiError.forbidden("no").code).toBe(403);
    expect(ApiError.forbidden("no").body.reason).toBe("Forbidden");
  });
});

describe("API error predicates", () => {
  it("recognise kamera's own errors by reason", () => {
    expect(isNotFound(ApiError.notFound("pods", "a"))).toBe(true);
    expect(isAlreadyExists(ApiError.alreadyExists("pods", "a"))).toBe(true);
    expect(isConflict(ApiError.conflict("pods", "a"))).toBe(true);
    expect(isInvalid(ApiError.invalid("Pod", "a", []))).toBe(true);
  });

  it("do not confuse Conflict and AlreadyExists although both are 409", () => {
    expect(isConflict(ApiError.alreadyExists("pods", "a"))).toBe(false);
    expect(isAlreadyExists(ApiError.conflict("pods", "a"))).toBe(false);
    expect(isNotFound(ApiError.conflict("pods", "a"))).toBe(false);
  });

  it("accept client-node's ApiException with a parsed or a textual V1Status body", () => {
    const status = { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404, message: 'pods "a" not found' };
    expect(isNotFound(new ApiException(404, "Unsuccessful HTTP Request", status, {}))).toBe(true);
    expect(isNotFound(new ApiException(404, "Unknown API Status Code!", JSON.stringify(status), {}))).toBe(true);
    expect(isConflict(new ApiException(409, "x", { reason: "Conflict" }, {}))).toBe(true);
  });

  it("fall back to the status code when the body has no reason", () => {
    expect(isNotFound(new ApiException(404, "x", "not json", {}))).toBe(true);
    expect(isConflict({ code: 409 })).toBe(true);
    expect(isAlreadyExists({ code: 409 })).toBe(false);
  });

  it("say false for ordinary errors and non-errors", () => {
    for (const e of [new Error("boom"), undefined, null, "404", 404]) {
      expect(isNotFound(e)).toBe(false);
      expect(isConflict(e)).toBe(false);
      expect(isInvalid(e)).toBe(false);
      expect(isAlreadyExists(e)).toBe(false);
    }
  });

  it("ignoreNotFound returns undefined for NotFound and rethrows anything else", async () => {
    expect(ignoreNotFound(ApiError.notFound("pods", "a"))).toBeUndefined();
    const conflict = ApiError.conflict("pods", "a");
    expect(() => ignoreNotFound(conflict)).toThrow(conflict);
    await expect(Promise.reject(ApiError.notFound("pods", "a")).catch(ignoreNotFound)).resolves.toBeUndefined();
  });
});
