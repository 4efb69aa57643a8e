import type { ServerResponse } from "node:http";

/**
 * The OpenAPI documents the server publishes: deliberately empty. kubectl fetches OpenAPI to
 * validate manifests on the client and to find strategic-merge keys; a document that describes
 * no types makes it skip client-side validation (kubectl ≥ 1.27 asks the server to validate
 * instead; kamera accepts `fieldValidation` and does not check unknown fields) and take merge
 * keys from its compiled-in types, which is what it does for any type its OpenAPI lacks.
 *
 * - `/openapi/v2` is answered in the protobuf form kubectl asks for: an empty gnostic `Document`
 *   message is zero bytes.
 * - `/openapi/v3` lists no group versions.
 */
export function sendOpenApi(res: ServerResponse, path: string): boolean {
  if (path === "/openapi/v2") {
    res.writeHead(200, { "Content-Type": "application/com.github.proto-openapi.spec.v2.v1.0+protobuf", "Content-Length": 0 });
    res.end();
    return true;
  }
  if (path === "/openapi/v3") {
    const body = JSON.stringify({ paths: {} });
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
    return true;
  }
  return false;
}
