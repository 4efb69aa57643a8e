import { describe, expect, it } from "vitest";
import { childNames } from "../../src/controllers/childNames.ts";

describe("childNames", () => {
  it("takes the lowest free candidates, so the same taken names give the same new names", () => {
    const [a, b, c] = childNames("web", new Set(), 3);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(childNames("web", new Set(), 3)).toEqual([a, b, c]);
    // With the second candidate taken, the first and third are handed out, then the fourth.
    const [d] = childNames("web", new Set([a!, b!, c!]), 1);
    expect(childNames("web", new Set([b!]), 3)).toEqual([a, c, d]);
    expect(a).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("derives suffixes from the seed, not the prefix, when given one", () => {
    expect(childNames("job-0", new Set(), 1, "job/0")).not.toEqual(childNames("job-0", new Set(), 1));
  });
});
