import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { ApiError } from "../apiserver/apiError.ts";

/** A fresh random token (256 bits, hex): the one credential of a served cluster. */
export function newBearerToken(): string {
  return randomBytes(32).toString("hex");
}

/**
 * Checks `Authorization: Bearer <token>`. Anything else — no header, another scheme, another
 * token — is 401 Unauthorized, with the real server's body.
 */
export function checkBearerToken(req: IncomingMessage, token: string): void {
  const header = req.headers.authorization ?? "";
  const m = /^Bearer\s+(.+)$/i.exec(header);
  const given = Buffer.from(m?.[1]?.trim() ?? "");
  const want = Buffer.from(token);
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw new ApiError(401, "Unauthorized", "Unauthorized");
}
