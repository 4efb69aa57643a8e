import { describe, expect, it } from "vitest";
import { childName, clusterLocalHost, externalHost, names } from "./resourceNames.ts";

describe("resource names", () => {
  it("names children as Knative does", () => {
    expect(names.revision("demo", 1)).toBe("demo-00001");
    expect(names.revision("demo", 12)).toBe("demo-00012");
    expect(names.deployment("demo-00001")).toBe("demo-00001-deployment");
    expect(names.privateService("demo-00001")).toBe("demo-00001-private");
    expect(externalHost("demo", "default")).toBe("demo.default.example.com");
    expect(clusterLocalHost("demo", "default")).toBe("demo.default.svc.cluster.local");
  });

  it("childName keeps names within 63 characters, deterministically, keeping the suffix", () => {
    const parent = "a".repeat(60);
    const name = childName(parent, "-deployment");
    expect(name).toHaveLength(63);
    expect(name.endsWith("-deployment")).toBe(true);
    expect(childName(parent, "-deployment")).toBe(name);
    expect(childName(`${"a".repeat(59)}b`, "-deployment")).not.toBe(name);
  });
});
