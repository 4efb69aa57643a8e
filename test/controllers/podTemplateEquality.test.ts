import { describe, expect, it } from "vitest";
import { equalIgnoreHash } from "../../src/controllers/podTemplateEquality.ts";
import type { PodTemplateSpec } from "../../src/controllers/workloadObjects.ts";
import { template } from "./workloadFixtures.ts";

/** The fixture template with `edit` applied to a deep copy, typed loosely so tests can write JSON null. */
function edited(edit: (t: any) => void): PodTemplateSpec {
  const t = JSON.parse(JSON.stringify(template("web", "nginx:1")));
  edit(t);
  return t;
}

describe("equalIgnoreHash", () => {
  it("ignores the pod-template-hash label and nothing else in the labels", () => {
    expect(equalIgnoreHash(edited((t) => (t.metadata.labels["pod-template-hash"] = "5d8f7")), template("web", "nginx:1"))).toBe(true);
    expect(equalIgnoreHash(edited((t) => (t.metadata.labels.tier = "front")), template("web", "nginx:1"))).toBe(false);
    expect(equalIgnoreHash(template("web", "nginx:2"), template("web", "nginx:1"))).toBe(false);
  });

  it("holds the zero values a typed Go template writes equal to their absence", () => {
    const plain = template("web", "nginx:1");
    const zeroes = [
      edited((t) => (t.metadata.creationTimestamp = null)),
      edited((t) => (t.spec.containers[0].resources = {})),
      edited((t) => (t.spec.containers[0].resources = { limits: {}, requests: {} })),
      edited((t) => (t.metadata.annotations = {})),
      edited((t) => (t.spec.containers[0].env = [])),
      edited((t) => (t.spec.containers[0].args = null)),
      edited((t) => (t.spec.containers[0].terminationMessagePath = "")),
      edited((t) => (t.spec.containers[0].ports[0].hostPort = 0)),
      edited((t) => (t.spec.hostNetwork = false)),
      edited((t) => (t.spec.nodeSelector = {})),
      edited((t) => (t.spec.affinity = null)),
    ];
    for (const z of zeroes) expect([equalIgnoreHash(z, plain), equalIgnoreHash(plain, z)], JSON.stringify(z)).toEqual([true, true]);
  });

  it("treats a template whose hash label was its only label like one without labels", () => {
    const bare = edited((t) => delete t.metadata.labels);
    expect(equalIgnoreHash(edited((t) => (t.metadata.labels = { "pod-template-hash": "5d8f7" })), bare)).toBe(true);
    expect(equalIgnoreHash(undefined, { metadata: { creationTimestamp: null as unknown as string }, spec: {} })).toBe(true);
  });

  it("keeps an empty pointer value significant: a volume's emptyDir: {}, a securityContext: {}, enableServiceLinks: false", () => {
    const withVolume = (emptyDir: unknown) => edited((t) => (t.spec.volumes = [{ name: "cache", emptyDir }]));
    expect(equalIgnoreHash(withVolume({}), withVolume(null))).toBe(false);
    expect(equalIgnoreHash(withVolume({}), withVolume({}))).toBe(true);
    expect(equalIgnoreHash(edited((t) => (t.spec.containers[0].securityContext = {})), template("web", "nginx:1"))).toBe(false);
    expect(equalIgnoreHash(edited((t) => (t.spec.enableServiceLinks = false)), template("web", "nginx:1"))).toBe(false);
  });

  it("holds an ephemeral volume's claim template equal whether or not it carries creationTimestamp: null and resources: {}", () => {
    const claim = (metadata: unknown, resources: unknown) =>
      edited((t) => (t.spec.volumes = [{ name: "scratch", ephemeral: { volumeClaimTemplate: { metadata, spec: { accessModes: ["ReadWriteOnce"], resources } } } }]));
    expect(equalIgnoreHash(claim({ creationTimestamp: null }, {}), claim(undefined, undefined))).toBe(true);
    expect(equalIgnoreHash(claim(undefined, { requests: { storage: "1Gi" } }), claim(undefined, undefined))).toBe(false);
  });

  it("compares fields it does not know the Go type of as written", () => {
    expect(equalIgnoreHash(edited((t) => (t.spec.containers[0].futureField = {})), template("web", "nginx:1"))).toBe(false);
  });
});
