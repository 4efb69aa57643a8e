import type { IncomingMessage } from "node:http";
import { ApiError } from "../apiserver/apiError.ts";
import type { PatchType } from "../client/client.ts";

/** The patch types by the Content-Type that names them. */
export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  "application/merge-patch+json": "merge",
  "application/json-patch+json": "json",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

/** The media types of the bodies a request with `method` may carry here. */
export function acceptedMediaTypes(method: string): string[] {
  return method === "PATCH" ? Object.keys(PATCH_CONTENT_TYPES) : ["application/json"];
}

/** Media types a real server reads and this one does not. */
const UNREAD_MEDIA_TYPES = new Set(["application/vnd.kubernetes.protobuf", "application/cbor", "application/apply-patch+cbor", "application/yaml"]);

/**
 * The media type of a request's body, without parameters (`; charset=utf-8`) and lowercased, as
 * Go's `mime.ParseMediaType` gives it to the real server. A POST, PUT or DELETE without a
 * Content-Type is read as JSON: the real server's `NegotiateInputSerializerForMediaType`
 * (k8s.io/apiserver/pkg/endpoints/handlers/negotiation/negotiate.go) takes the first media type
 * it supports, application/json, when the header is empty. A PATCH has no default (patch.go
 * answers 415), so its missing type stays "" for the patch handler to refuse.
 */
function bodyMediaType(req: IncomingMessage): string {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "" && req.method !== "PATCH" ? "application/json" : type;
}

/**
 * Whether the request's body is decoded: always for POST, PUT and PATCH; for DELETE only when it
 * carries one, as the real server decodes DeleteOptions only from a non-empty body (delete.go).
 */
function decodesBody(req: IncomingMessage): boolean {
  switch (req.method) {
    case "POST":
    case "PUT":
    case "PATCH":
      return true;
    case "DELETE":
      return Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    default:
      return false;
  }
}

/**
 * Bodies are JSON (and YAML for server-side apply). A protobuf, CBOR or YAML body is 415 with a
 * message that lists what is read and says what to do instead: kubectl 1.32 and later send
 * protobuf for the built-in kinds of its `create <kind>` generators (`kubectl create deployment`,
 * `create namespace`, ...), and client-go does not fall back to JSON. Any other type but JSON
 * (`text/plain`, say) is 415 in the real server's words, listing only what is read; the patch
 * types are the patch handler's to check.
 */
export function checkContentType(req: IncomingMessage): void {
  if (!decodesBody(req)) return;
  const method = req.method!;
  const type = bodyMediaType(req);
  const accepted = acceptedMediaTypes(method);
  if (UNREAD_MEDIA_TYPES.has(type)) {
    const hint =
      type === "application/vnd.kubernetes.protobuf"
        ? " (with kubectl 1.32 or later, create from a manifest instead: kubectl create deployment web --image=nginx --dry-run=client -o yaml | kubectl create -f -)"
        : "";
    throw new ApiError(415, "UnsupportedMediaType", `the body of the request was ${type}, which kamera serve-api does not read - accepted media types include: ${accepted.join(", ")}${hint}`);
  }
  if (method !== "PATCH" && !accepted.includes(type)) {
    throw new ApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`);
  }
}
