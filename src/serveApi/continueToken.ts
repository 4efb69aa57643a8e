import { ApiError } from "../apiserver/apiError.ts";

/** Where a paged list continues: the revision of the world it reads and the last key returned. */
export interface ListPosition {
  revision: number;
  lastKey: string;
}

/** An opaque `continue` token for a list position. */
export function encodeContinue(pos: ListPosition): string {
  return Buffer.from(JSON.stringify({ v: 1, rv: pos.revision, k: pos.lastKey }), "utf8").toString("base64url");
}

/** The position in a `continue` token; a token this server did not issue is 400 BadRequest. */
export function decodeContinue(token: string): ListPosition {
  try {
    const v = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { v?: unknown; rv?: unknown; k?: unknown };
    if (v.v === 1 && typeof v.rv === "number" && typeof v.k === "string") return { revision: v.rv, lastKey: v.k };
  } catch {
    // falls through to the error below: the token is not ours
  }
  throw ApiError.badRequest(`continue key is not valid: ${JSON.stringify(token)} was not issued by this server`);
}

/** 410 Expired for a continue token whose snapshot is no longer kept, with the real server's message. */
export function continueExpired(): ApiError {
  return new ApiError(
    410,
    "Expired",
    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.",
  );
}
