import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { compileLabelSelector, labelSelectorToString } from "../../src/apiserver/labelSelector.ts";

function badRequest(sel: Parameters<typeof compileLabelSelector>[0]): ApiError {
  try {
    compileLabelSelector(sel);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(400);
    expect((e as ApiError).body.reason).toBe("BadRequest");
    return e as ApiError;
  }
  throw new Error(`selector ${JSON.stringify(sel)} was accepted`);
}

describe("compileLabelSelector, string form", () => {
  const web = { app: "web", tier: "front" };
  const db = { app: "db" };

  it("an empty or absent selector selects everything, including objects without labels", () => {
    for (const sel of [undefined, "", "  ", {}]) {
      expect(compileLabelSelector(sel)(undefined)).toBe(true);
      expect(compileLabelSelector(sel)(web)).toBe(true);
    }
  });

  it("a=b and a==b select objects whose label a equals b", () => {
    for (const s of ["app=web", "app==web", " app = web "]) {
      expect(compileLabelSelector(s)(web)).toBe(true);
      expect(compileLabelSelector(s)(db)).toBe(false);
      expect(compileLabelSelector(s)(undefined)).toBe(false);
    }
  });

  it("a!=b selects objects whose label a differs from b or is absent", () => {
    const sel = compileLabelSelector("tier!=front");
    expect(sel(web)).toBe(false);
    expect(sel(db)).toBe(true);
    expect(sel({ tier: "back" })).toBe(true);
  });

  it("a= with no value matches the empty label value only", () => {
    const sel = compileLabelSelector("a=");
    expect(sel({ a: "" })).toBe(true);
    expect(sel({ a: "x" })).toBe(false);
    expect(sel({})).toBe(false);
  });

  it("in and notin select by set membership; notin also selects objects without the label", () => {
    const inSel = compileLabelSelector("app in (web, cache)");
    expect(inSel(web)).toBe(true);
    expect(inSel(db)).toBe(false);
    expect(inSel({})).toBe(false);
    const notIn = compileLabelSelector("app notin (db)");
    expect(notIn(web)).toBe(true);
    expect(notIn(db)).toBe(false);
    expect(notIn({})).toBe(true);
  });

  it("a bare key requires the label and !key requires its absence", () => {
    expect(compileLabelSelector("tier")(web)).toBe(true);
    expect(compileLabelSelector("tier")(db)).toBe(false);
    expect(compileLabelSelector("!tier")(web)).toBe(false);
    expect(compileLabelSelector("!tier")(db)).toBe(true);
  });

  it("comma-separated requirements are ANDed", () => {
    const sel = compileLabelSelector("app=web,tier in (front),!canary");
    expect(sel(web)).toBe(true);
    expect(sel({ ...web, canary: "true" })).toBe(false);
    expect(sel({ app: "web", tier: "back" })).toBe(false);
  });

  it("in and notin are keywords only in operator position", () => {
    expect(compileLabelSelector("in in (in, notin)")({ in: "notin" })).toBe(true);
    expect(compileLabelSelector("notin=in")({ notin: "in" })).toBe(true);
  });

  it("prefixed keys with a DNS subdomain are accepted", () => {
    expect(compileLabelSelector("app.kubernetes.io/name=web")({ "app.kubernetes.io/name": "web" })).toBe(true);
  });

  it("gt and lt compare integer label values and never match non-integers", () => {
    expect(compileLabelSelector("rank>2")({ rank: "3" })).toBe(true);
    expect(compileLabelSelector("rank>2")({ rank: "2" })).toBe(false);
    expect(compileLabelSelector("rank<2")({ rank: "-5" })).toBe(true);
    expect(compileLabelSelector("rank<2")({ rank: "x" })).toBe(false);
  });

  it("a missing operator is a BadRequest naming what was found and what was expected", () => {
    expect(badRequest("a b").message).toBe("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  });

  it("a trailing comma is a BadRequest", () => {
    expect(badRequest("a=b,").message).toBe("found '', expected: identifier after ','");
  });

  it("an unclosed set is a BadRequest", () => {
    expect(badRequest("a in (x").message).toMatch(/^unable to parse requirement: found '', expected: '\)'/);
    expect(badRequest("a in x").message).toBe("unable to parse requirement: found 'x' expected: '('");
  });

  it("!key followed by an operator is a BadRequest", () => {
    badRequest("!a=b");
  });

  it("a selector starting with an operator is a BadRequest", () => {
    expect(badRequest("=b").message).toBe("found '=', expected: !, identifier, or 'end of string'");
  });

  it("an invalid label value is a BadRequest with the real validation message", () => {
    expect(badRequest("a=-x").message).toBe(
      `unable to parse requirement: values[0]: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
    expect(badRequest(`a=${"x".repeat(64)}`).message).toContain("must be no more than 63 characters");
  });

  it("an invalid label key is a BadRequest with the real validation message", () => {
    expect(badRequest("Bad_Prefix/a=b").message).toContain("prefix part a lowercase RFC 1123 subdomain must consist of");
    expect(badRequest("a/b/c").message).toContain("a qualified name must consist of");
    expect(badRequest("-a").message).toContain(`Invalid value: "-a": name part must consist of`);
    expect(badRequest(`${"k".repeat(64)}=v`).message).toContain("name part must be no more than 63 characters");
  });

  it("a non-integer gt value is a BadRequest", () => {
    expect(badRequest("a>x").message).toContain("for 'Gt', 'Lt' operators, the value must be an integer");
  });
});

describe("compileLabelSelector, object form", () => {
  it("matchLabels requires every listed label", () => {
    const sel = compileLabelSelector({ matchLabels: { app: "web", tier: "front" } });
    expect(sel({ app: "web", tier: "front", x: "y" })).toBe(true);
    expect(sel({ app: "web" })).toBe(false);
  });

  it("matchExpressions support In, NotIn, Exists and DoesNotExist, ANDed with matchLabels", () => {
    const sel = compileLabelSelector({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["front", "edge"] },
        { key: "zone", operator: "NotIn", values: ["b"] },
        { key: "team", operator: "Exists" },
        { key: "canary", operator: "DoesNotExist" },
      ],
    });
    expect(sel({ app: "web", tier: "edge", team: "x" })).toBe(true);
    expect(sel({ app: "web", tier: "edge", team: "x", zone: "b" })).toBe(false);
    expect(sel({ app: "web", tier: "edge" })).toBe(false);
    expect(sel({ app: "web", tier: "edge", team: "x", canary: "1" })).toBe(false);
    expect(sel({ app: "db", tier: "edge", team: "x" })).toBe(false);
  });

  it("an unknown operator is a BadRequest", () => {
    const op = "Equals" as unknown as "In";
    expect(badRequest({ matchExpressions: [{ key: "a", operator: op, values: ["x"] }] }).message).toBe(
      '"Equals" is not a valid label selector operator',
    );
  });

  it("In with no values is a BadRequest", () => {
    expect(badRequest({ matchExpressions: [{ key: "a", operator: "In", values: [] }] }).message).toContain(
      "for 'in', 'notin' operators, values set can't be empty",
    );
  });

  it("Exists with values is a BadRequest", () => {
    expect(badRequest({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }).message).toContain(
      "values set must be empty for exists and does not exist",
    );
  });

  it("an invalid matchLabels value is a BadRequest", () => {
    expect(badRequest({ matchLabels: { a: "no spaces" } }).message).toContain(`Invalid value: "no spaces"`);
  });

  it("a selector that is neither string nor object is a BadRequest", () => {
    badRequest(42 as unknown as string);
  });
});

describe("labelSelectorToString", () => {
  it("prints requirements sorted by key with sorted set values", () => {
    expect(labelSelectorToString("tier in (b,a),app=web,!canary")).toBe("app=web,!canary,tier in (a,b)");
  });

  it("prints the object form the way the server prints it", () => {
    expect(
      labelSelectorToString({
        matchLabels: { b: "2", a: "1" },
        matchExpressions: [
          { key: "c", operator: "NotIn", values: ["y", "x"] },
          { key: "d", operator: "Exists" },
        ],
      }),
    ).toBe("a=1,b=2,c notin (x,y),d");
  });

  it("round-trips: the printed form selects exactly what the original selects", () => {
    const original = "app==web,rank>3,zone notin (a),team";
    const printed = labelSelectorToString(original);
    const labelsets: Record<string, string>[] = [{ app: "web", rank: "4", team: "t" }, { app: "web", rank: "3", team: "t" }, { app: "web", rank: "9", zone: "a", team: "t" }, {}];
    for (const l of labelsets) expect(compileLabelSelector(printed)(l)).toBe(compileLabelSelector(original)(l));
  });

  it("prints nothing for no selector", () => {
    expect(labelSelectorToString(undefined)).toBe("");
  });
});
