import type { ServerResponse } from "node:http";
import { ApiError } from "../apiserver/apiError.ts";
import { KameraError } from "../kameraError.ts";

/** Writes a JSON body with the given status code. */
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
  res.end(text);
}

/**
 * The `ApiError` for anything a request handler threw: an `ApiError` as it is; a `KameraError`
 * (a request kamera could not make sense of) as 400 BadRequest with its message; anything else
 * as 500 InternalError whose message names the failure without a stack trace.
 */
export function apiErrorOf(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof KameraError) return ApiError.badRequest(e.message);
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError(500, "InternalError", `Internal error occurred: ${message}`);
}

/** Answers with the V1Status of `e` (see `apiErrorOf`). */
export function sendError(res: ServerResponse, e: unknown): void {
  const err = apiErrorOf(e);
  sendJson(res, err.code, err.body);
}

/** 404 for a path the server does not serve, as the real server words it. */
export function notServed(): ApiError {
  return new ApiError(404, "NotFound", "the server could not find the requested resource");
}

/** 405 for a verb a path does not support. */
export function methodNotAllowed(method: string, path: string): ApiError {
  return new ApiError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${method} ${path})`);
}
