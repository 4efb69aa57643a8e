import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import { crdNamingUpdates, type CrdNamingStatus } from "../../src/serveApi/crdNaming.ts";

const AT = "2026-01-01T00:00:00Z";

function crd(plural: string, names: Record<string, unknown>, opts: { group?: string; created?: string; status?: CrdNamingStatus } = {}): KubeObject {
  const group = opts.group ?? "dup.io";
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}`, creationTimestamp: opts.created ?? "2026-01-01T00:00:00Z" },
    spec: { group, scope: "Namespaced", names: { plural, ...names }, versions: [{ name: "v1", served: true, storage: true }] },
    ...(opts.status ? { status: opts.status } : {}),
  } as KubeObject;
}

/** The definitions with the statuses the controllers give them, as the server stores them. */
function named(crds: KubeObject[]): KubeObject[] {
  const updates = crdNamingUpdates(crds, AT);
  return crds.map((c) => (updates.has(c.metadata!.name!) ? ({ ...c, status: updates.get(c.metadata!.name!) } as KubeObject) : c));
}

function condition(status: CrdNamingStatus | undefined, type: string) {
  return status?.conditions.find((c) => c.type === type);
}

describe("crdNamingUpdates", () => {
  it("a new definition gets its names, defaults included, and is established", () => {
    const s = crdNamingUpdates([crd("foos", { kind: "Foo", shortNames: ["fo"] })], AT).get("foos.dup.io");
    expect(s).toEqual({
      acceptedNames: { plural: "foos", singular: "foo", shortNames: ["fo"], kind: "Foo", listKind: "FooList" },
      conditions: [
        { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found", lastTransitionTime: AT },
        { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted", lastTransitionTime: AT },
      ],
    });
  });

  it("a second definition of a kind in the group is refused and not established; the first keeps its names", () => {
    const [foos] = named([crd("foos", { kind: "Foo" })]);
    const updates = crdNamingUpdates([foos!, crd("bars", { kind: "Foo" })], AT);
    expect(updates.has("foos.dup.io")).toBe(false);
    const bars = updates.get("bars.dup.io");
    // The kind and the defaulted list kind both collide; the list kind is checked last, so it names the reason, as on a real server.
    expect(condition(bars, "NamesAccepted")).toMatchObject({ status: "False", reason: "ListKindConflict", message: '"FooList" is already in use' });
    expect(condition(bars, "Established")).toMatchObject({ status: "False", reason: "NotAccepted", message: "not all names are accepted" });
    expect(bars!.acceptedNames).toEqual({ plural: "bars", kind: "" });
  });

  it("a kind alone colliding is KindConflict; the same kind in another group is no conflict", () => {
    const [foos] = named([crd("foos", { kind: "Foo" })]);
    const updates = crdNamingUpdates([foos!, crd("bars", { kind: "Foo", listKind: "BarList", singular: "bar" }), crd("foos", { kind: "Foo" }, { group: "other.io" })], AT);
    expect(condition(updates.get("bars.dup.io"), "NamesAccepted")).toMatchObject({ reason: "KindConflict", message: '"Foo" is already in use' });
    expect(condition(updates.get("foos.other.io"), "Established")?.status).toBe("True");
  });

  it("plural, singular and short names share one space: a taken one is refused with the field's reason", () => {
    const [foos] = named([crd("foos", { kind: "Foo", shortNames: ["f", "fo"] })]);
    const shorts = crdNamingUpdates([foos!, crd("bars", { kind: "Bar", shortNames: ["fo", "b", "foos"] })], AT).get("bars.dup.io");
    expect(condition(shorts, "NamesAccepted")).toMatchObject({ reason: "ShortNamesConflict", message: '["fo" is already in use, "foos" is already in use]' });
    const singular = crdNamingUpdates([foos!, crd("bars", { kind: "Bar", singular: "f" })], AT).get("bars.dup.io");
    expect(condition(singular, "NamesAccepted")).toMatchObject({ reason: "SingularConflict", message: '"f" is already in use' });
    const plural = crdNamingUpdates([foos!, crd("fo", { kind: "Fo", singular: "fone" })], AT).get("fo.dup.io");
    expect(condition(plural, "NamesAccepted")).toMatchObject({ reason: "PluralConflict", message: '"fo" is already in use' });
  });

  it("an established definition asking for a taken name keeps its accepted names and stays established", () => {
    const [foos, bars] = named([crd("foos", { kind: "Foo", shortNames: ["f"] }), crd("bars", { kind: "Bar", shortNames: ["b"] })]);
    const asking = { ...bars!, spec: { ...(bars as { spec: object }).spec, names: { plural: "bars", kind: "Bar", shortNames: ["f"] } } } as KubeObject;
    const s = crdNamingUpdates([foos!, asking], AT).get("bars.dup.io");
    expect(s!.acceptedNames).toMatchObject({ shortNames: ["b"], kind: "Bar" });
    expect(condition(s, "NamesAccepted")).toMatchObject({ status: "False", reason: "ShortNamesConflict" });
    expect(condition(s, "Established")).toMatchObject({ status: "True", reason: "InitialNamesAccepted" });
  });

  it("a name freed goes to the oldest definition that waited for it, and the later one stays refused", () => {
    const [, late, early] = named([crd("foos", { kind: "Foo" }), crd("bars", { kind: "Foo" }, { created: "2026-01-01T00:00:02Z" }), crd("zaps", { kind: "Foo" }, { created: "2026-01-01T00:00:01Z" })]);
    const updates = crdNamingUpdates([late!, early!], AT);
    expect(condition(updates.get("zaps.dup.io"), "Established")?.status).toBe("True");
    expect(updates.has("bars.dup.io")).toBe(false);
    expect(condition(late!.status as CrdNamingStatus, "NamesAccepted")?.status).toBe("False");
  });

  it("definitions already named change nothing", () => {
    expect(crdNamingUpdates(named([crd("foos", { kind: "Foo" }), crd("bars", { kind: "Foo" })]), AT).size).toBe(0);
  });
});
