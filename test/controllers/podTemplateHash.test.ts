import { describe, expect, it } from "vitest";
import { podTemplateHash } from "../../src/controllers/podTemplateHash.ts";
import { template } from "./workloadFixtures.ts";

describe("podTemplateHash", () => {
  it("is a pure function of the template, and differs between templates and collision counts", () => {
    const a = podTemplateHash(template("web", "nginx:1"));
    expect(podTemplateHash(JSON.parse(JSON.stringify(template("web", "nginx:1"))))).toBe(a);
    expect(podTemplateHash(template("web", "nginx:2"))).not.toBe(a);
    expect(podTemplateHash(template("web", "nginx:1"), 1)).not.toBe(a);
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
});
