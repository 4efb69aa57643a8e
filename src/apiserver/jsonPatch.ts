import jsonpatch from "fast-json-patch";
import type { Operation } from "fast-json-patch";
import { deepCopy } from "../objects/deepCopy.ts";
import { ApiError } from "./apiError.ts";

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  path: string;
  from?: string;
  value?: unknown;
}

/** The JSON type name Go's decoder would report for a value. */
function jsonTypeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

const OPS = new Set(["add", "remove", "replace", "move", "copy", "test"]);

/** What went wrong with operation `op`, worded like the JSON patch library the real server uses. */
function describe(op: Record<string, unknown>, errorName: string, libraryMessage: string): string {
  const kind = String(op.op);
  const path = JSON.stringify(op.path);
  switch (errorName) {
    case "TEST_OPERATION_FAILED":
      return `testing value ${String(op.path)} failed: test failed`;
    case "OPERATION_PATH_UNRESOLVABLE":
      return `${kind} operation does not apply: doc is missing path: ${path}: missing value`;
    case "OPERATION_FROM_UNRESOLVABLE":
      return `${kind} operation does not apply: doc is missing from path: ${JSON.stringify(op.from)}: missing value`;
    default:
      // The library appends the operation and the whole document on later lines; the first says it all.
      return `${kind} operation does not apply: ${libraryMessage.split("\n")[0]}`;
  }
}

/**
 * Applies a JSON patch (RFC 6902: `add`, `remove`, `replace`, `move`, `copy`, `test`) to an
 * object, with fast-json-patch doing the pointer work. The operations run in order and all or
 * nothing: a failing `test`, a path that does not resolve or a malformed operation is a 422
 * Invalid `ApiError` ("the server rejected our request due to an error in our request", with the
 * specific reason as its cause), as on a real server; a patch that is not a list of objects is a
 * BadRequest. Neither input is mutated and the result shares nothing with them.
 *
 * @example
 * ```ts
 * applyJsonPatch(cm, [{ op: "test", path: "/data/a", value: "1" }, { op: "replace", path: "/data/a", value: "2" }]);
 * ```
 */
export function applyJsonPatch<T extends object>(target: T, ops: readonly JsonPatchOperation[] | unknown): T {
  if (!Array.isArray(ops)) throw ApiError.badRequest(`json: cannot unmarshal ${jsonTypeName(ops)} into Go value of type jsonpatch.Patch`);
  const operations = ops.map((op: unknown) => {
    if (typeof op !== "object" || op === null || Array.isArray(op)) {
      throw ApiError.badRequest(`json: cannot unmarshal ${jsonTypeName(op)} into Go value of type jsonpatch.Operation`);
    }
    return deepCopy(op) as Record<string, unknown>;
  });
  for (const op of operations) {
    // fast-json-patch also knows a private "_get" operation; the server knows only RFC 6902's six.
    if (!OPS.has(op.op as string)) throw ApiError.unprocessable(`Unexpected kind: ${String(op.op)}`);
  }
  let doc: unknown = deepCopy(target);
  for (const op of operations) {
    try {
      doc = jsonpatch.applyOperation(doc, op as unknown as Operation, true, true, true).newDocument;
    } catch (e) {
      if (e instanceof jsonpatch.JsonPatchError) throw ApiError.unprocessable(describe(op, e.name, e.message));
      throw e;
    }
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw ApiError.unprocessable(`the patched document is ${jsonTypeName(doc)}, not an object`);
  }
  return doc as T;
}
