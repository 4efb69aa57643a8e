import type { KubeObject } from "../objects/kubeObject.ts";
import { ApiError } from "./apiError.ts";

/** The fields every kind can be selected by (apimachinery's `DefaultMetaV1FieldSelectorConversion`). */
const FIELDS: Readonly<Record<string, (obj: KubeObject) => string>> = {
  "metadata.name": (obj) => obj.metadata?.name ?? "",
  // A cluster-scoped object has the empty namespace, as on the real server.
  "metadata.namespace": (obj) => obj.metadata?.namespace ?? "",
};

interface Term {
  read: (obj: KubeObject) => string;
  equal: boolean;
  value: string;
}

/** Splits on commas that are not escaped with a backslash (escapes are kept for `unescape`). */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    if (selector[i] === "\\") i++;
    else if (selector[i] === ",") {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** `lhs op rhs` at the first position where one of `!=`, `==`, `=` starts, as apimachinery's `splitTerm`. */
function splitTerm(term: string): { field: string; op: "!=" | "==" | "="; value: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ["!=", "==", "="] as const) {
      if (term.startsWith(op, i)) return { field: term.slice(0, i), op, value: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** Undoes `\\`, `\,` and `\=`; any other escape, or a bare `=` or `,`, is an error as in apimachinery. */
function unescape(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === "\\") {
      const next = value[i + 1];
      if (next !== "\\" && next !== "," && next !== "=") {
        throw ApiError.badRequest(`invalid field selector: invalid escape sequence: \\${next ?? ""}`);
      }
      out += next;
      i++;
    } else if (ch === "=" || ch === ",") {
      throw ApiError.badRequest(`invalid field selector: unescaped character ${ch}`);
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * Compiles a field selector once into a predicate over objects: comma-separated terms
 * `field=value`, `field==value` or `field!=value`, ANDed, over `metadata.name` and
 * `metadata.namespace` (the fields every kind supports on a real server; `\,`, `\=` and `\\`
 * escape those characters in values), plus the kind-specific fields in `extra` (a real server
 * also selects pods by `status.phase`, events by `involvedObject.name`, ...). `undefined` and `""`
 * select everything. Bad syntax or any other field throws a BadRequest `ApiError` with the real
 * server's message.
 *
 * @example
 * ```ts
 * const sel = compileFieldSelector("metadata.namespace=default,metadata.name!=skip");
 * sel({ metadata: { name: "web", namespace: "default" } }); // true
 * ```
 */
export function compileFieldSelector(
  sel: string | undefined,
  extra: Readonly<Record<string, (obj: KubeObject) => string>> = {},
): (obj: KubeObject) => boolean {
  if (sel === undefined) return () => true;
  if (typeof sel !== "string") throw ApiError.badRequest(`a field selector must be a string, got ${JSON.stringify(sel)}`);
  const terms: Term[] = [];
  for (const part of splitTerms(sel)) {
    if (part === "") continue;
    const split = splitTerm(part);
    if (split === undefined) throw ApiError.badRequest(`invalid selector: '${sel}'; can't understand '${part}'`);
    const value = unescape(split.value);
    const read = FIELDS[split.field] ?? (Object.hasOwn(extra, split.field) ? extra[split.field] : undefined);
    if (read === undefined) {
      const known = [...Object.keys(FIELDS), ...Object.keys(extra)].map((f) => JSON.stringify(f)).join(", ");
      throw ApiError.badRequest(`${JSON.stringify(split.field)} is not a known field selector: only ${known}`);
    }
    terms.push({ read, equal: split.op !== "!=", value });
  }
  if (terms.length === 0) return () => true;
  return (obj) => {
    for (const t of terms) if ((t.read(obj) === t.value) !== t.equal) return false;
    return true;
  };
}
