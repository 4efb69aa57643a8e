import { describe, expect, it } from "vitest";
import { ExplorerBuilder, KameraError } from "../../src/index.ts";
import { formatPlainSummary } from "../../src/cli/plainSummary.ts";
import { jsonSummary } from "../../src/cli/jsonSummary.ts";

const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" } });
const foo = (name: string) => ({ apiVersion: "webapp.example.com/v1", kind: "Foo", metadata: { name, namespace: "default" } });
const idle = () => ({ reconcile() {} });

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof KameraError) return e.message;
    throw e;
  }
  throw new Error("expected a KameraError");
}

describe("misconfigurations that are errors, naming the call and the fix", () => {
  it("a kind without its group in .owns(...) suggests the canonical kind", () => {
    const eb = new ExplorerBuilder();
    expect(errorOf(() => eb.withReconciler("R", idle).for("webapp.example.com/Foo").owns("ConfigMap"))).toBe(
      '"ConfigMap" in .owns(...) of reconciler "R": did you mean "core/ConfigMap"? (kinds are written "<group>/<Kind>", e.g. "core/Pod", "apps/Deployment" or "webapp.example.com/Foo")',
    );
    expect(errorOf(() => new ExplorerBuilder().withReconciler("R", idle).for("apps/v1/Deployment"))).toMatch(/^"apps\/v1\/Deployment" in \.for\(\.\.\.\) of reconciler "R": did you mean "apps\/Deployment"\?/);
    expect(errorOf(() => new ExplorerBuilder().withReconciler("R", idle).for("Deployment.apps"))).toContain('did you mean "apps/Deployment"?');
    expect(errorOf(() => new ExplorerBuilder().withMask("Pod", ["status.x"]))).toMatch(/^"Pod" in withMask\(\.\.\.\): did you mean "core\/Pod"\?/);
  });

  it("an apiVersion that is not a valid group/version is an error: core/v1 is not", () => {
    const eb = new ExplorerBuilder();
    const bad = { apiVersion: "core/v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } };
    expect(errorOf(() => eb.initialState().addObject(bad))).toBe(
      'apiVersion "core/v1" of ConfigMap is not valid: the core group is written without a name in apiVersions: did you mean "v1"? ("core/" is only for kinds, as in "core/ConfigMap")',
    );
    expect(errorOf(() => eb.initialState().addObject({ ...bad, apiVersion: "apps/1" }))).toContain('"1" is not a version such as v1, v1beta1 or v2alpha1');
  });

  it("an invariant naming a non-canonical kind fails the exploration, instead of reporting a violation at the initial state", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("R", idle).for("core/ConfigMap");
    eb.withInvariant("at most one pod", (s) => s.list("Pod").length <= 1);
    const initial = eb.initialState().addTopLevelObject(cm("x"), "R").build();
    await expect(eb.build().explore(initial)).rejects.toThrow('invariant "at most one pod": kind "Pod" is not valid: did you mean "core/Pod"?');
  });
});

describe("misconfigurations that are warnings, on the result and in the summary", () => {
  it("a top-level object whose kind is not the primary kind of the reconciler it names", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("FooController", idle).for("webapp.example.com/Foo");
    eb.withReconciler("CmController", idle).for("core/ConfigMap");
    const initial = eb.initialState().addTopLevelObject(cm("x"), "FooController").addObject(foo("y")).build();
    const r = await eb.build().explore(initial);
    expect(r.warnings).toEqual([
      'addTopLevelObject(core/ConfigMap default/x, "FooController"): "FooController" reconciles webapp.example.com/Foo (its .for), not core/ConfigMap, so it will look for a webapp.example.com/Foo named default/x. Did you mean "CmController", whose .for is core/ConfigMap?',
    ]);
    expect(formatPlainSummary(r)).toContain(`\nWarnings: 1\n  ${r.warnings[0]}\n`);
    expect(jsonSummary(r).warnings).toEqual(r.warnings);
  });

  it("a registered .for kind that never appears in any explored state", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("CmController", idle).for("core/ConfigMap");
    eb.withReconciler("FooController", idle).for("webapp.example.org/Foo");
    const initial = eb.initialState().addTopLevelObject(cm("x"), "CmController").addObject(foo("y")).build();
    const r = await eb.build().explore(initial);
    expect(r.warnings).toEqual([
      '.for("webapp.example.org/Foo") of reconciler "FooController": no object of that kind exists in any explored state, so nothing of its primary kind triggered it. Check the kind\'s group against the seeded objects\' apiVersion (seeded kinds: core/ConfigMap, webapp.example.com/Foo).',
    ]);
  });

  it("none for a well-configured exploration", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("CmController", idle).for("core/ConfigMap");
    const r = await eb.build().explore(eb.initialState().addTopLevelObject(cm("x"), "CmController").build());
    expect(r.warnings).toEqual([]);
    expect(formatPlainSummary(r)).not.toContain("Warnings:");
  });
});
