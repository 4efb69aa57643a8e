import { ApiError, type InvalidCause } from "../apiserver/apiError.ts";

const MATCH = "resourceVersionMatch";

function forbidden(field: string, detail: string): InvalidCause {
  return { field, message: `Forbidden: ${detail}` };
}

function notSupported(field: string, value: string, supported: readonly string[]): InvalidCause {
  return { field, message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}` };
}

function listCauses(q: URLSearchParams): InvalidCause[] {
  const causes: InvalidCause[] = [];
  const match = q.get(MATCH) ?? "";
  const rv = q.get("resourceVersion") ?? "";
  if (match !== "") {
    if (rv === "") causes.push(forbidden(MATCH, "resourceVersionMatch is forbidden unless resourceVersion is provided"));
    if (q.get("continue")) causes.push(forbidden(MATCH, "resourceVersionMatch is forbidden when continue is provided"));
    if (match !== "Exact" && match !== "NotOlderThan") causes.push(notSupported(MATCH, match, ["Exact", "NotOlderThan", ""]));
    if (match === "Exact" && rv === "0") causes.push(forbidden(MATCH, 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (q.has("sendInitialEvents")) causes.push(forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
  return causes;
}

function watchCauses(q: URLSearchParams): InvalidCause[] {
  const causes: InvalidCause[] = [];
  const match = q.get(MATCH) ?? "";
  const initialEvents = q.has("sendInitialEvents");
  if (initialEvents && match !== "NotOlderThan") causes.push(forbidden(MATCH, "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
  if (match !== "") {
    if (!initialEvents) causes.push(forbidden(MATCH, "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
    if (match !== "NotOlderThan") causes.push(notSupported(MATCH, match, ["NotOlderThan"]));
    if (q.get("continue")) causes.push(forbidden(MATCH, "resourceVersionMatch is forbidden when continue is provided"));
  }
  return causes;
}

/**
 * Checks how a list's or a watch's `resourceVersion`, `resourceVersionMatch`, `continue` and
 * `sendInitialEvents` combine, with the rules and messages of apimachinery's
 * `ValidateListOptions`: a bad combination is 422 Invalid on `ListOptions.meta.k8s.io`, with
 * every cause. Watches are checked as on a server with the WatchList feature on, since this one
 * serves `sendInitialEvents`.
 *
 * @example
 * ```ts
 * checkListQuery(new URLSearchParams("resourceVersionMatch=Exact"), false);
 * // 422: ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided
 * ```
 */
export function checkListQuery(q: URLSearchParams, watch: boolean): void {
  const causes = watch ? watchCauses(q) : listCauses(q);
  if (causes.length > 0) throw ApiError.invalid("ListOptions.meta.k8s.io", "", causes);
}
