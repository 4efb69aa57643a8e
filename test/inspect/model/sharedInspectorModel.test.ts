import { describe, expect, it } from "vitest";
import { SERVER_MANAGED_FIELDS } from "../../../src/inspect/model/serverFields.ts";
import { outcomeText, stateRows } from "../../../src/inspect/model/stateRows.ts";
import { effectDiff } from "../../../src/inspect/tui/effectDiff.ts";
import { objectYaml as terminalYaml } from "../../../src/inspect/tui/objectYaml.ts";
import { ResultIndex } from "../../../src/inspect/tui/resultIndex.ts";
import { lineText } from "../../../src/inspect/tui/styledLine.ts";
import { diffObjects } from "../../../src/inspect/web/app/effectDiff.ts";
import { InspectedRun } from "../../../src/inspect/web/app/inspectedRun.ts";
import { objectYaml as pageYaml } from "../../../src/inspect/web/app/objectYaml.ts";
import type { KubeObject } from "../../../src/objects/kubeObject.ts";
import { buildExploreResult } from "../../../src/explore/buildExploreResult.ts";
import { fixtureGraph } from "../../web/fixtureRun.ts";

// `selfLink` is not in kamera's ObjectMeta type, but an object read from elsewhere may carry it.
const before = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "web",
    namespace: "default",
    uid: "u1",
    resourceVersion: "7",
    creationTimestamp: "2024-01-01T00:00:00Z",
    selfLink: "/apis/apps/v1/namespaces/default/deployments/web",
    managedFields: [{ manager: "kamera" }],
    generation: 2,
  },
  spec: { replicas: 1 },
} as KubeObject;
const after: KubeObject = {
  ...before,
  metadata: { ...before.metadata, resourceVersion: "8", generation: 3 },
  spec: { replicas: 3 },
};

describe("the terminal and the page show objects alike", () => {
  it("hide the same server-managed fields in YAML, and keep generation visible in both", () => {
    const terminal = terminalYaml(before, { hideServerFields: true }).join("\n");
    const page = pageYaml(before, { showServerFields: false }).replace(/\n$/, "");
    expect(terminal).toBe(page);
    for (const field of SERVER_MANAGED_FIELDS) expect(page).not.toContain(`${field}:`);
    expect(page).toContain("generation: 2");
  });

  it("show the same server-managed fields on request", () => {
    const terminal = terminalYaml(before, { hideServerFields: false }).join("\n");
    const page = pageYaml(before, { showServerFields: true }).replace(/\n$/, "");
    expect(terminal).toBe(page);
    for (const field of SERVER_MANAGED_FIELDS) expect(page).toContain(`${field}:`);
  });

  it("list the same changed fields for an update, server-managed ones hidden alike", () => {
    const effect = { op: "UPDATE" as const, kind: "apps/Deployment", namespace: "default", name: "web", before, after };
    const page = diffObjects(before, after).fields.map((f) => f.path);
    expect(page).toEqual(["metadata.generation", "spec.replicas"]);
    const terminal = effectDiff(effect, { hideServerFields: true }).map(lineText);
    expect(terminal).toContain("  ~ metadata.generation: 2 → 3");
    expect(terminal).toContain("  ~ spec.replicas: 1 → 3");
    expect(terminal.filter((l) => l.startsWith("  ~ ")).length).toBe(page.length);
    expect(terminal.join("\n")).not.toContain("resourceVersion");
  });
});

describe("the terminal and the page list states alike", () => {
  it("in the same order, with the same categories and labels", () => {
    const graph = fixtureGraph();
    const result = buildExploreResult(graph, { complete: true });
    const terminal = new ResultIndex(result, graph).entries.map((e) => [e.state.id, e.category, e.label]);
    const page = new InspectedRun(graph, result, { kind: "dump", title: "fixture" }).rows.map((r) => [r.state.id, r.category, r.label]);
    expect(terminal).toEqual(page);
    expect(terminal.map(([, category]) => category)).toEqual(["converged", "non-converging", "violation"]);
  });

  it("name a violation by its invariants where there is room", () => {
    const rows = stateRows(buildExploreResult(fixtureGraph(), { complete: true }));
    expect(rows.map(outcomeText)).toEqual(["converged", "non-converging", "violation: config exists"]);
  });
});
