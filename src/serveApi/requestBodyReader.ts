import type { IncomingMessage } from "node:http";
import { parse as parseYaml } from "yaml";
import { ApiError } from "../apiserver/apiError.ts";

/** The largest request body the server accepts by default: 3 MiB, the real API server's limit. */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * Reads a request body of at most `limit` bytes. A larger body is 413 RequestEntityTooLarge,
 * answered as soon as the limit is crossed (the rest is not read).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (e) => {
      if (!failed) reject(e);
    });
  });
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, "RequestEntityTooLarge", `Request entity too large: limit is ${limit}`);
}

/**
 * Parses a JSON request body. Malformed JSON is 400 BadRequest with the decoder's complaint, as
 * the real server answers it; an empty body is `undefined`.
 */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw ApiError.badRequest(`json parse error: ${(e as Error).message}`);
  }
}

/** Parses a server-side apply body (`application/apply-patch+yaml`: YAML, of which JSON is a subset). */
export function parseYamlBody(body: Buffer): unknown {
  try {
    return parseYaml(body.toString("utf8"));
  } catch (e) {
    throw ApiError.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
}

/** A body that must be a JSON object (an object to create or replace). */
export function objectBody(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw ApiError.badRequest(`${what}: the request body must be a JSON object, got ${value === undefined ? "an empty body" : Array.isArray(value) ? "an array" : typeof value}`);
  }
  return value as Record<string, unknown>;
}
