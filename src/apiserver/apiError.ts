/** One cause of a failed request, as in a V1Status's `details.causes`. */
export interface StatusCause {
  /** Machine-readable cause, e.g. `FieldValueInvalid`, `FieldValueRequired`. */
  reason?: string;
  message?: string;
  /** The field path the cause is about, e.g. `metadata.name`. */
  field?: string;
}

/** The `details` of a V1Status: which object the failure is about. */
export interface StatusDetails {
  name?: string;
  group?: string;
  /** For NotFound/AlreadyExists/Conflict this is the resource (`pods`), for Invalid the kind (`Pod`), as on a real server. */
  kind?: string;
  causes?: StatusCause[];
}

/** A failure response body, shaped like client-node's `V1Status`. */
export interface ApiStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** A field error given to `ApiError.invalid`: `message` is what follows the field, e.g. `Required value: name is required`. */
export interface InvalidCause {
  field: string;
  message: string;
}

/**
 * `"foos.webapp.example.com"` → `{ resource: "foos", group: "webapp.example.com" }`; an explicit
 * group wins. The real server prints a group-qualified resource as `resource.group`.
 */
function qualify(resource: string, group: string | undefined): { qualified: string; bare: string; group: string } {
  const dot = resource.indexOf(".");
  const bare = dot < 0 ? resource : resource.slice(0, dot);
  const ownGroup = dot < 0 ? "" : resource.slice(dot + 1);
  const g = group ?? ownGroup;
  const qualified = g === "" ? bare : `${bare}.${g}`;
  return { qualified, bare, group: g };
}

/**
 * The `CauseType` the real server puts on a field error, recognised from the error body's
 * leading phrase (`field.ErrorType.String()` in apimachinery).
 */
const CAUSE_TYPES: readonly (readonly [string, string])[] = [
  ["Invalid value", "FieldValueInvalid"],
  ["Required value", "FieldValueRequired"],
  ["Forbidden", "FieldValueForbidden"],
  ["Unsupported value", "FieldValueNotSupported"],
  ["Duplicate value", "FieldValueDuplicate"],
  ["Not found", "FieldValueNotFound"],
  ["Too long", "FieldValueTooLong"],
  ["Too many", "FieldValueTooMany"],
  ["Internal error", "InternalError"],
];

function causeType(message: string): string {
  for (const [prefix, type] of CAUSE_TYPES) if (message.startsWith(prefix)) return type;
  return "FieldValueInvalid";
}

/**
 * An error returned by the simulated API server, shaped like `@kubernetes/client-node`'s
 * `ApiException`: `code` is the HTTP status, `body` a V1Status with the real kube-apiserver's
 * `reason` and `message`, `headers` empty. Unlike `ApiException`, whose `message` is a dump of
 * code, body and headers, `message` here is the status message alone, so it reads well in
 * results; code that inspects `code` or `body.reason` works the same for both.
 *
 * @example
 * ```ts
 * throw ApiError.notFound("configmaps", "cfg");   // code 404, message `configmaps "cfg" not found`
 * ```
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  /** The HTTP status code (404, 409, 422, ...). */
  readonly code: number;
  /** The V1Status response body. */
  readonly body: ApiStatus;
  /** Response headers; the simulated server sends none. */
  readonly headers: { [key: string]: string } = {};

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.code = code;
    this.body = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
    if (details !== undefined) this.body.details = details;
  }

  /**
   * 404 NotFound: `<resource> "<name>" not found`. `resource` is the plural resource, optionally
   * group-qualified (`pods`, `foos.webapp.example.com`); `group` qualifies it when given.
   */
  static notFound(resource: string, name: string, group?: string): ApiError {
    const r = qualify(resource, group);
    return new ApiError(404, "NotFound", `${r.qualified} "${name}" not found`, { name, group: r.group, kind: r.bare });
  }

  /** 409 AlreadyExists: `<resource> "<name>" already exists`. */
  static alreadyExists(resource: string, name: string, group?: string): ApiError {
    const r = qualify(resource, group);
    return new ApiError(409, "AlreadyExists", `${r.qualified} "${name}" already exists`, { name, group: r.group, kind: r.bare });
  }

  /** 409 Conflict for a stale resourceVersion or a failed precondition, with the real server's wording. */
  static conflict(resource: string, name: string, group?: string): ApiError {
    const r = qualify(resource, group);
    return new ApiError(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${r.qualified} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: r.group, kind: r.bare },
    );
  }

  /**
   * 422 Invalid: `<Kind> "<name>" is invalid: <field>: <message>`; several causes are joined as
   * apimachinery aggregates them: `[f1: m1, f2: m2]`. `kindName` is the kind, optionally
   * group-qualified (`Deployment.apps`, `Foo.webapp.example.com`).
   *
   * @example
   * ```ts
   * ApiError.invalid("ConfigMap", "cfg", [{ field: "metadata.name", message: "Required value: name or generateName is required" }]);
   * ```
   */
  static invalid(kindName: string, name: string, causes: readonly InvalidCause[]): ApiError {
    const k = qualify(kindName, undefined);
    // apimachinery's aggregate drops duplicate messages, keeping the first occurrence.
    const texts = [...new Set(causes.map((c) => (c.field === "" ? c.message : `${c.field}: ${c.message}`)))];
    const summary = texts.length === 0 ? "" : texts.length === 1 ? `: ${texts[0]}` : `: [${texts.join(", ")}]`;
    return new ApiError(422, "Invalid", `${k.qualified} "${name}" is invalid${summary}`, {
      name,
      group: k.group,
      kind: k.bare,
      causes: causes.map((c) => ({ reason: causeType(c.message), message: c.message, field: c.field })),
    });
  }

  /**
   * 422 Invalid for a request the server could not apply as a whole (a JSON patch whose `test`
   * fails or whose path does not exist). The real server answers with a generic message; the
   * specific reason is kept as the single cause so that it is not lost.
   */
  static unprocessable(detail: string): ApiError {
    return new ApiError(422, "Invalid", "the server rejected our request due to an error in our request", {
      causes: [{ reason: "FieldValueInvalid", message: detail }],
    });
  }

  /** 400 BadRequest with the given message (unparsable selector, malformed body or patch). */
  static badRequest(message: string): ApiError {
    return new ApiError(400, "BadRequest", message);
  }

  /** 403 Forbidden with the given message. */
  static forbidden(message: string): ApiError {
    return new ApiError(403, "Forbidden", message);
  }
}

/**
 * The `(code, reason)` of any error that looks like an API error: an `ApiError`, client-node's
 * `ApiException` (whose body may be the parsed V1Status or its JSON text), or a plain object with
 * `code`/`statusCode` and a body.
 */
function statusOf(e: unknown): { code: number | undefined; reason: string | undefined } {
  if (typeof e !== "object" || e === null) return { code: undefined, reason: undefined };
  const err = e as { code?: unknown; statusCode?: unknown; body?: unknown };
  let body = err.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      // A body that is not JSON carries no reason; the status code still decides.
      body = undefined;
    }
  }
  const reason =
    typeof body === "object" && body !== null && typeof (body as { reason?: unknown }).reason === "string"
      ? (body as { reason: string }).reason
      : undefined;
  const bodyCode = typeof body === "object" && body !== null ? (body as { code?: unknown }).code : undefined;
  const code =
    typeof err.code === "number" ? err.code : typeof err.statusCode === "number" ? err.statusCode : typeof bodyCode === "number" ? bodyCode : undefined;
  return { code, reason };
}

function matches(e: unknown, code: number, reason: string): boolean {
  const s = statusOf(e);
  if (s.reason !== undefined) return s.reason === reason;
  return s.code === code;
}

/** Whether `e` is a NotFound (404) API error, from kamera or from client-node. */
export function isNotFound(e: unknown): boolean {
  return matches(e, 404, "NotFound");
}

/**
 * Whether `e` is an AlreadyExists API error. A 409 without a reason is not assumed to be one,
 * because Conflict shares the code.
 */
export function isAlreadyExists(e: unknown): boolean {
  return statusOf(e).reason === "AlreadyExists";
}

/** Whether `e` is a Conflict API error (409 with reason Conflict, or a bare 409 without a reason). */
export function isConflict(e: unknown): boolean {
  return matches(e, 409, "Conflict");
}

/** Whether `e` is an Invalid (422) API error. */
export function isInvalid(e: unknown): boolean {
  return matches(e, 422, "Invalid");
}

/**
 * Returns `undefined` when `e` is a NotFound error and rethrows anything else, for the common
 * "delete, ignoring already gone" pattern.
 *
 * @example
 * ```ts
 * await client.delete(cm).catch(ignoreNotFound);
 * ```
 */
export function ignoreNotFound(e: unknown): undefined {
  if (isNotFound(e)) return undefined;
  throw e;
}
