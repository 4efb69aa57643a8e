import { describe, expect, it } from "vitest";
import { jsonSyntaxError } from "../../src/results/jsonSyntaxError.ts";

describe("locating JSON syntax errors", () => {
  it("finds nothing wrong in valid JSON of every shape", () => {
    for (const text of ['{"a":[1,-2.5e3,true,false,null,"x\\n\\u00e9"],"b":{}}', "[]", " 3 ", '"s"', '[[[{"k":[{}]}]]]']) {
      expect(jsonSyntaxError(text)).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it("points at the offending character with what was expected", () => {
    expect(jsonSyntaxError('{"a":[}')).toEqual({ offset: 6, message: 'expected a value, found "}"', atEnd: false });
    expect(jsonSyntaxError('{"a":1 "b":2}')).toEqual({ offset: 7, message: 'expected "," or "}", found "\\""', atEnd: false });
    expect(jsonSyntaxError("{a:1}")).toMatchObject({ offset: 1, message: 'expected a property name in quotes, found "a"' });
    expect(jsonSyntaxError('{"a" 1}')).toMatchObject({ offset: 5, message: 'expected ":", found "1"' });
    expect(jsonSyntaxError("[1,]")).toMatchObject({ offset: 3, message: 'expected a value, found "]"' });
    expect(jsonSyntaxError('["\\q"]')).toMatchObject({ offset: 2, message: "bad escape \\q in a string" });
    expect(jsonSyntaxError("[1] 2")).toMatchObject({ offset: 4, message: 'unexpected "2" after the end of the document' });
    expect(jsonSyntaxError("[tru]")).toMatchObject({ offset: 1, atEnd: false });
  });

  it("says when the text stops before the document is complete", () => {
    const full = '{"a":[1,{"b":"text"}],"c":true}';
    for (let cut = 1; cut < full.length; cut++) {
      expect(jsonSyntaxError(full.slice(0, cut)), full.slice(0, cut)).toMatchObject({ atEnd: true });
    }
    expect(jsonSyntaxError("")).toMatchObject({ atEnd: true });
  });
});
