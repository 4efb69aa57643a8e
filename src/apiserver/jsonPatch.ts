import jsonpatch from "fast-json-patch";
import type { Operation } from "fast-json-patch";
import { deepCopy } from "../objects/deepCopy.ts";
import { ApiError } from "./apiError.ts";
import { findPrototypeKey, PROTOTYPE_KEY } from "./prototypeKey.ts";

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
 * A pointer through `__proto__` (or a value holding that key) cannot be applied to a JavaScript
 * object without reaching its prototype; fast-json-patch would throw a TypeError for some of
 * these and silently drop others. The server answers like for any other operation it cannot
 * apply: 422 Invalid.
 */
function rejectPrototypePointer(op: Record<string, unknown>): void {
  for (const field of ["path", "from"] as const) {
    const pointer = op[field];
    if (typeof pointer !== "string") continue;
    const tokens = pointer.split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (tokens.includes(PROTOTYPE_KEY) || tokens.join("/").includes("constructor/prototype")) {
      throw ApiError.unprocessable(`${String(op.op)} operation does not apply: ${field} ${JSON.stringify(pointer)} goes through "${PROTOTYPE_KEY}" or "constructor/prototype", which this simulated server cannot store`);
    }
  }
  const at = findPrototypeKey(op.value, "value");
  if (at !== undefined) {
    throw ApiError.unprocessable(`${String(op.op)} operation does not apply: its ${at} is a "${PROTOTYPE_KEY}" key, which this simulated server cannot store`);
  }
}

/**
 * Applies a JSON patch (RFC 6902: `add`, `remove`, `replace`, `move`, `copy`, `test`) to an
 * object, with fast-json-patch doing the pointer work. The operations run in order and all or
 * nothing: a failing `test`, a path that does not resolve or a malformed operation is a 422
 * Invalid `ApiError` ("the server rejected our request due to an error in our request", with the
 * specific reason as its cause), as on a real server; a patch that is not a list of objects is a
 * BadRequest. A pointer through `__proto__` is a 422 too. Neither input is mutated and the result shares nothing with them.
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
    // Checked before the copy: copying would turn a `__proto__` key into the copy's prototype and hide it.
    rejectPrototypePointer(op as Record<string, unknown>);
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
