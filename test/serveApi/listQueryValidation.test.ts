import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { checkListQuery } from "../../src/serveApi/listQueryValidation.ts";

/** The Status message `checkListQuery` answers for `query`, or undefined when it accepts it. */
function refusal(query: string, watch = false): string | undefined {
  try {
    checkListQuery(new URLSearchParams(query), watch);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(422);
    return (e as ApiError).body.message;
  }
}

const PREFIX = 'ListOptions.meta.k8s.io "" is invalid: ';

describe("checkListQuery", () => {
  it("accepts a list without resourceVersionMatch, and Exact or NotOlderThan with a resourceVersion", () => {
    expect(refusal("")).toBeUndefined();
    expect(refusal("resourceVersion=5&limit=2&continue=abc")).toBeUndefined();
    expect(refusal("resourceVersion=5&resourceVersionMatch=Exact")).toBeUndefined();
    expect(refusal("resourceVersion=0&resourceVersionMatch=NotOlderThan")).toBeUndefined();
  });

  it("refuses a list's resourceVersionMatch without a resourceVersion, with continue, unknown, or Exact at 0", () => {
    expect(refusal("resourceVersionMatch=Exact")).toBe(`${PREFIX}resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided`);
    expect(refusal("resourceVersion=5&resourceVersionMatch=NotOlderThan&continue=abc")).toBe(
      `${PREFIX}resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided`,
    );
    expect(refusal("resourceVersion=5&resourceVersionMatch=Bogus")).toBe(`${PREFIX}resourceVersionMatch: Unsupported value: "Bogus": supported values: "Exact", "NotOlderThan", ""`);
    expect(refusal("resourceVersion=0&resourceVersionMatch=Exact")).toBe(`${PREFIX}resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"`);
  });

  it("reports every cause of a list at once, as apimachinery aggregates them", () => {
    expect(refusal("resourceVersionMatch=Bogus&sendInitialEvents=true")).toBe(
      `${PREFIX}[resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided, ` +
        `resourceVersionMatch: Unsupported value: "Bogus": supported values: "Exact", "NotOlderThan", "", ` +
        "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list]",
    );
  });

  it("lets a watch take resourceVersionMatch only as NotOlderThan with sendInitialEvents, and sendInitialEvents only with it", () => {
    expect(refusal("resourceVersion=5", true)).toBeUndefined();
    expect(refusal("sendInitialEvents=true&resourceVersionMatch=NotOlderThan", true)).toBeUndefined();
    expect(refusal("sendInitialEvents=true", true)).toBe(`${PREFIX}resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan`);
    expect(refusal("resourceVersion=5&resourceVersionMatch=NotOlderThan", true)).toBe(
      `${PREFIX}resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided`,
    );
    expect(refusal("sendInitialEvents=true&resourceVersionMatch=Exact", true)).toBe(
      `${PREFIX}[resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, ` +
        'resourceVersionMatch: Unsupported value: "Exact": supported values: "NotOlderThan"]',
    );
  });
});
