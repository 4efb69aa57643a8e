import { describe, expect, it } from "vitest";
import {
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  metadataCauses,
  nameCauses,
  nameFormatOf,
  qualifiedNameErrors,
} from "../../src/apiserver/objectMetaValidation.ts";

describe("object metadata validation", () => {
  it("object names are DNS-1123 subdomains of at most 253 characters", () => {
    expect(dns1123SubdomainErrors("web-1.example")).toEqual([]);
    expect(dns1123SubdomainErrors("Web")).toHaveLength(1);
    expect(dns1123SubdomainErrors("-web")).toHaveLength(1);
    expect(dns1123SubdomainErrors("a".repeat(254))).toEqual(["must be no more than 253 characters"]);
  });

  it("namespaces are DNS-1123 labels and services DNS-1035 labels", () => {
    expect(nameFormatOf("core/Namespace")).toBe("dns1123Label");
    expect(nameFormatOf("core/Service")).toBe("dns1035Label");
    expect(nameFormatOf("apps/Deployment")).toBe("subdomain");
    expect(dns1123LabelErrors("a.b")).toHaveLength(1);
    expect(dns1123LabelErrors("1abc")).toEqual([]);
    expect(dns1035LabelErrors("1abc")).toHaveLength(1);
    expect(nameCauses("a.b", "dns1123Label")[0]!.field).toBe("metadata.name");
  });

  it("label keys are qualified names and values at most 63 label characters", () => {
    expect(qualifiedNameErrors("app.kubernetes.io/name")).toEqual([]);
    expect(qualifiedNameErrors("a/b/c")).toHaveLength(1);
    expect(qualifiedNameErrors("/name")).toEqual(["prefix part must be non-empty"]);
    expect(qualifiedNameErrors("x".repeat(64))).toEqual(["name part must be no more than 63 characters"]);
    expect(labelValueErrors("")).toEqual([]);
    expect(labelValueErrors("v1.2_3")).toEqual([]);
    expect(labelValueErrors("a b")).toHaveLength(1);
  });

  it("metadata causes cover labels, finalizers and owner references, in a stable order", () => {
    const causes = metadataCauses({
      labels: { "b key": "ok", a: "bad value" },
      finalizers: ["fine", "not fine"],
      ownerReferences: [{ apiVersion: "apps/", kind: "", name: "o", uid: "u" }],
    });
    expect(causes.map((c) => c.field)).toEqual([
      "metadata.labels",
      "metadata.labels",
      "metadata.finalizers[1]",
      "metadata.ownerReferences.apiVersion",
      "metadata.ownerReferences.kind",
    ]);
    expect(causes[0]!.message).toMatch(/^Invalid value: "bad value": a valid label/);
    expect(causes[3]!.message).toBe('Invalid value: "apps/": version must not be empty');
  });
});
