import type { LabelSelector } from "./requestOptions.ts";
import { ApiError } from "./apiError.ts";

export type { LabelSelector };

/** The operators of a parsed requirement, named as in apimachinery's `selection.Operator`. */
type Operator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

/** One requirement of a selector: `key op values`, all requirements ANDed. */
interface Requirement {
  key: string;
  op: Operator;
  /** Sorted and deduplicated, as apimachinery keeps them (`sets.String.List()`). */
  values: string[];
}

// The validation messages are the real apimachinery ones (k8s.io/apimachinery/pkg/util/validation),
// so an error here reads the same as the server's.
const NAME_FMT = "[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '(" +
  NAME_FMT +
  "')";
const SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** apimachinery's `field.Invalid(path, value, detail).Error()`. */
function invalidValue(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`;
}

/** The problems of a label key (`IsQualifiedName`), empty when it is valid. */
function labelKeyProblems(key: string): string[] {
  const parts = key.split("/");
  let name: string;
  const errs: string[] = [];
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else {
      if (prefix.length > 253) errs.push("prefix part must be no more than 253 characters");
      if (!SUBDOMAIN_RE.test(prefix)) errs.push(`prefix part ${SUBDOMAIN_MSG}`);
    }
  } else {
    return [
      `a qualified name ${NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push("name part must be no more than 63 characters");
  if (name.length > 0 && !NAME_RE.test(name)) errs.push(`name part ${NAME_MSG}`);
  return errs;
}

/** The problems of a label value (`IsValidLabelValue`), empty when it is valid. */
function labelValueProblems(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push("must be no more than 63 characters");
  if (!VALUE_RE.test(value)) errs.push(VALUE_MSG);
  return errs;
}

/**
 * apimachinery's `NewRequirement`: checks the key, the number of values for the operator and each
 * value. Returns the requirement or the error text (field paths `key`, `values[i]` as the real
 * server prints them).
 */
function newRequirement(key: string, op: Operator, values: readonly string[]): Requirement | string {
  const keyErrs = labelKeyProblems(key);
  if (keyErrs.length > 0) return invalidValue("key", key, keyErrs.join("; "));
  switch (op) {
    case "in":
    case "notin":
      if (values.length === 0) return `values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty`;
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1) return `values: Invalid value: ${goStringSlice(values)}: exact-match compatibility requires one single value`;
      break;
    case "exists":
    case "!":
      if (values.length !== 0) return `values: Invalid value: ${goStringSlice(values)}: values set must be empty for exists and does not exist`;
      break;
    case "gt":
    case "lt":
      if (values.length !== 1) return `values: Invalid value: ${goStringSlice(values)}: for 'Gt', 'Lt' operators, exactly one value is required`;
      if (!/^[+-]?\d+$/.test(values[0]!)) return `values[0]: Invalid value: ${goStringSlice(values)}: for 'Gt', 'Lt' operators, the value must be an integer`;
      break;
  }
  for (let i = 0; i < values.length; i++) {
    const errs = labelValueProblems(values[i]!);
    if (errs.length > 0) return invalidValue(`values[${i}]`, values[i]!, errs.join("; "));
  }
  return { key, op, values: [...new Set(values)].sort(compareStrings) };
}

function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(", ")}}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- The string form: a port of apimachinery's labels.Parse lexer and parser. ----

type TokenKind = "id" | "!" | "!=" | "=" | "==" | ">" | "<" | "(" | ")" | "," | "in" | "notin" | "end" | "error";

interface Token {
  kind: TokenKind;
  text: string;
}

const SPECIAL = new Set(["=", "!", "(", ")", ",", ">", "<"]);
const SYMBOLS: readonly TokenKind[] = ["!=", "==", "!", "=", ">", "<", "(", ")", ","];

function isWhitespace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
}

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (isWhitespace(ch)) {
      i++;
      continue;
    }
    if (SPECIAL.has(ch)) {
      // Longest match among the symbols, as the real lexer does ("!=" before "!", "==" before "=").
      const sym = SYMBOLS.find((s) => input.startsWith(s, i));
      if (sym === undefined) {
        tokens.push({ kind: "error", text: ch });
        i++;
      } else {
        tokens.push({ kind: sym, text: sym });
        i += sym.length;
      }
      continue;
    }
    let j = i;
    while (j < input.length && !isWhitespace(input[j]!) && !SPECIAL.has(input[j]!)) j++;
    const word = input.slice(i, j);
    tokens.push({ kind: word === "in" ? "in" : word === "notin" ? "notin" : "id", text: word });
    i = j;
  }
  tokens.push({ kind: "end", text: "" });
  return tokens;
}

class SelectorParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  /** In the "values" context the keywords `in` and `notin` are ordinary identifiers. */
  private look(values: boolean): Token {
    const t = this.tokens[this.pos]!;
    return values && (t.kind === "in" || t.kind === "notin") ? { kind: "id", text: t.text } : t;
  }

  private take(values: boolean): Token {
    const t = this.look(values);
    if (t.kind !== "end") this.pos++;
    return t;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const t = this.look(true);
      if (t.kind === "end") return reqs;
      if (t.kind !== "id" && t.kind !== "!") {
        throw new Error(`found '${t.text}', expected: !, identifier, or 'end of string'`);
      }
      const r = this.requirement();
      if (typeof r === "string") throw new Error(`unable to parse requirement: ${r}`);
      reqs.push(r);
      const after = this.take(true);
      if (after.kind === "end") return reqs;
      if (after.kind !== ",") throw new Error(`found '${after.text}', expected: ',' or 'end of string'`);
      const next = this.look(true);
      if (next.kind !== "id" && next.kind !== "!") throw new Error(`found '${next.text}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement | string {
    let t = this.take(true);
    let negated = false;
    if (t.kind === "!") {
      negated = true;
      t = this.take(true);
    }
    if (t.kind !== "id") return `found '${t.text}', expected: identifier`;
    const key = t.text;
    const keyErrs = labelKeyProblems(key);
    if (keyErrs.length > 0) return invalidValue("<nil>", key, keyErrs.join("; "));
    const next = this.look(true);
    if (next.kind === "end" || next.kind === ",") return newRequirement(key, negated ? "!" : "exists", []);
    if (negated) return `found '${next.text}', expected: ',' or 'end of string'`;

    const opTok = this.take(false);
    let op: Operator;
    switch (opTok.kind) {
      case "=":
      case "==":
      case "!=":
      case "in":
      case "notin":
        op = opTok.kind;
        break;
      case ">":
        op = "gt";
        break;
      case "<":
        op = "lt";
        break;
      default:
        return `found '${opTok.text}', expected: in, notin, =, ==, !=, gt, lt`;
    }
    const values = op === "in" || op === "notin" ? this.setValues() : this.exactValue();
    if (typeof values === "string") return values;
    return newRequirement(key, op, values);
  }

  private setValues(): string[] | string {
    const open = this.take(true);
    if (open.kind !== "(") return `found '${open.text}' expected: '('`;
    const first = this.look(true);
    if (first.kind === ")") {
      // apimachinery reads "()" as the set holding the empty value.
      this.take(true);
      return [""];
    }
    if (first.kind !== "id" && first.kind !== ",") return `found '${first.text}', expected: ',', ')' or identifier`;
    const values: string[] = [];
    // An empty slot between commas (or before ")") is the empty value, as in apimachinery.
    let expectValue = true;
    for (;;) {
      const t = this.look(true);
      if (t.kind === "id") {
        if (!expectValue) return `found '${t.text}', expected: ',' or ')'`;
        values.push(t.text);
        this.take(true);
        expectValue = false;
      } else if (t.kind === ",") {
        if (expectValue) values.push("");
        this.take(true);
        expectValue = true;
      } else if (t.kind === ")") {
        if (expectValue) values.push("");
        this.take(true);
        return values;
      } else {
        return `found '${t.text}', expected: ')'`;
      }
    }
  }

  private exactValue(): string[] | string {
    const t = this.look(true);
    if (t.kind === "end" || t.kind === ",") return [""];
    this.take(true);
    if (t.kind === "id") return [t.text];
    return `found '${t.text}', expected: identifier`;
  }
}

function byKey(a: Requirement, b: Requirement): number {
  return compareStrings(a.key, b.key);
}

/** Parses a string selector into requirements sorted by key (stable), or throws BadRequest. */
function parseString(sel: string): Requirement[] {
  try {
    return new SelectorParser(lex(sel)).parse().sort(byKey);
  } catch (e) {
    if (e instanceof Error) throw ApiError.badRequest(e.message);
    throw e;
  }
}

const OBJECT_OPERATORS: Readonly<Record<string, Operator>> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

/** `metav1.LabelSelectorAsSelector`: matchLabels become equality requirements, then the expressions. */
function parseObject(sel: LabelSelector): Requirement[] {
  if (typeof sel !== "object" || sel === null || Array.isArray(sel)) {
    throw ApiError.badRequest(`a label selector must be a string or an object with matchLabels/matchExpressions, got ${JSON.stringify(sel)}`);
  }
  const reqs: Requirement[] = [];
  const labels = sel.matchLabels ?? {};
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
    throw ApiError.badRequest(`matchLabels must be a map of label keys to values, got ${JSON.stringify(labels)}`);
  }
  for (const key of Object.keys(labels).sort(compareStrings)) {
    const value = labels[key];
    if (typeof value !== "string") throw ApiError.badRequest(`matchLabels[${key}] must be a string, got ${JSON.stringify(value)}`);
    const r = newRequirement(key, "=", [value]);
    if (typeof r === "string") throw ApiError.badRequest(r);
    reqs.push(r);
  }
  const exprs = sel.matchExpressions ?? [];
  if (!Array.isArray(exprs)) throw ApiError.badRequest(`matchExpressions must be a list, got ${JSON.stringify(exprs)}`);
  for (const expr of exprs) {
    const op = OBJECT_OPERATORS[expr?.operator as string];
    if (op === undefined) throw ApiError.badRequest(`${JSON.stringify(expr?.operator)} is not a valid label selector operator`);
    const values = expr.values ?? [];
    if (!Array.isArray(values) || values.some((v) => typeof v !== "string")) {
      throw ApiError.badRequest(`matchExpressions values must be a list of strings, got ${JSON.stringify(values)}`);
    }
    if (typeof expr.key !== "string") throw ApiError.badRequest(`matchExpressions key must be a string, got ${JSON.stringify(expr.key)}`);
    const r = newRequirement(expr.key, op, values);
    if (typeof r === "string") throw ApiError.badRequest(r);
    reqs.push(r);
  }
  return reqs.sort(byKey);
}

function requirements(sel: string | LabelSelector | undefined): Requirement[] {
  if (sel === undefined) return [];
  return typeof sel === "string" ? parseString(sel) : parseObject(sel);
}

function matchesOne(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case "=":
    case "==":
    case "in":
      return has && r.values.includes(labels[r.key]!);
    case "!=":
    case "notin":
      return !has || !r.values.includes(labels[r.key]!);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      // A label that is not an integer never matches Gt/Lt, as in apimachinery.
      if (!has || !/^[+-]?\d+$/.test(labels[r.key]!)) return false;
      const have = BigInt(labels[r.key]!);
      const want = BigInt(r.values[0]!);
      return r.op === "gt" ? have > want : have < want;
    }
  }
}

/**
 * Compiles a label selector once into a predicate over an object's labels. Accepts the string
 * form (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, and `a>1`/`a<1`, all
 * comma-separated and ANDed) and the object form (`matchLabels`, `matchExpressions` with
 * `In`/`NotIn`/`Exists`/`DoesNotExist`). `undefined`, `""` and `{}` select everything. Keys and
 * values are validated as Kubernetes does; a selector that does not parse or validate throws a
 * BadRequest `ApiError` with the real server's message.
 *
 * @example
 * ```ts
 * const sel = compileLabelSelector("app=web,tier notin (cache)");
 * sel({ app: "web", tier: "front" }); // true
 * ```
 */
export function compileLabelSelector(
  sel: string | LabelSelector | undefined,
): (labels: Record<string, string> | undefined) => boolean {
  const reqs = requirements(sel);
  if (reqs.length === 0) return () => true;
  return (labels) => {
    const l = labels ?? {};
    for (const r of reqs) if (!matchesOne(r, l)) return false;
    return true;
  };
}

function requirementString(r: Requirement): string {
  switch (r.op) {
    case "exists":
      return r.key;
    case "!":
      return `!${r.key}`;
    case "in":
    case "notin":
      return `${r.key} ${r.op} (${r.values.join(",")})`;
    case "gt":
      return `${r.key}>${r.values[0]}`;
    case "lt":
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key}${r.op}${r.values[0]}`;
  }
}

/**
 * The canonical string form of a selector, as apimachinery's `Selector.String()` prints it:
 * requirements sorted by key, set values sorted, e.g. `{ matchLabels: { b: "2", a: "1" } }` →
 * `"a=1,b=2"`. Validates like `compileLabelSelector`; `undefined` → `""`.
 *
 * @example
 * ```ts
 * labelSelectorToString({ matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }] }); // "tier in (a,b)"
 * ```
 */
export function labelSelectorToString(sel: string | LabelSelector | undefined): string {
  return requirements(sel).map(requirementString).join(",");
}
