import { describe, expect, it } from "vitest";
import { effectDiff } from "../../../src/inspect/tui/effectDiff.ts";
import { lineText } from "../../../src/inspect/tui/styledLine.ts";
import type { Effect } from "../../../src/apiserver/effect.ts";
import { cfg, cfgDeleting, foo1, foo2 } from "../../results/sampleGraph.ts";

const text = (e: Effect, hideServerFields = true, context?: number) => effectDiff(e, { hideServerFields, context }).map(lineText);
const base = { kind: "webapp.example.com/Foo", namespace: "default", name: "foo" };

describe("effect diffs", () => {
  it("shows an update as the fields it changed and a YAML diff, without server-managed fields", () => {
    const lines = text({ ...base, op: "UPDATE", before: foo1, after: foo2 });
    expect(lines).toEqual([
      "1 field changed:",
      '  ~ status.state: "A-1" → "A-Final"',
      "",
      // apiVersion, kind, metadata, name, namespace and generation (shown, as on the page).
      "  ⋯ 6 unchanged lines",
      "  spec:",
      "    size: 1",
      "  status:",
      "-   state: A-1",
      "+   state: A-Final",
    ]);
    expect(lines.join("\n")).not.toContain("resourceVersion");
    expect(lines.join("\n")).not.toContain("uid");
  });

  it("shows server-managed fields when asked", () => {
    const lines = text({ ...base, op: "UPDATE", before: foo1, after: foo2 }, false);
    expect(lines).toContain('  ~ metadata.resourceVersion: "2" → "5"');
    expect(lines).toContain('-   resourceVersion: "2"');
    expect(lines).toContain('+   resourceVersion: "5"');
  });

  it("folds long unchanged runs, keeping context lines around each change", () => {
    const big = (v: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${String(i).padStart(2, "0")}`, i === 15 ? v : "x"])) });
    const lines = text({ op: "UPDATE", kind: "core/ConfigMap", namespace: "", name: "c", before: big("a"), after: big("b") }, true, 2);
    const diff = lines.slice(lines.indexOf("") + 1);
    expect(diff).toEqual([
      "  ⋯ 18 unchanged lines",
      "    k13: x",
      "    k14: x",
      "-   k15: a",
      "+   k15: b",
      "    k16: x",
      "    k17: x",
      "  ⋯ 12 unchanged lines",
    ]);
  });

  it("shows a create as the whole new object and a remove as the whole old one", () => {
    const created = text({ op: "CREATE", kind: "core/ConfigMap", namespace: "default", name: "cfg", after: cfg });
    expect(created[0]).toBe("created:");
    expect(created).toContain("+ kind: ConfigMap");
    expect(created).toContain("+   mode: on");
    const removed = text({ op: "REMOVE", kind: "core/ConfigMap", namespace: "default", name: "cfg", before: cfgDeleting });
    expect(removed[0]).toBe("removed from the world:");
    expect(removed).toContain("- kind: ConfigMap");
  });

  it("shows a delete as the deletion timestamp it set", () => {
    const lines = text({ op: "DELETE", kind: "core/ConfigMap", namespace: "default", name: "cfg", before: cfg, after: cfgDeleting });
    expect(lines[1]).toBe('  + metadata.deletionTimestamp: "1970-01-01T00:00:03Z"');
  });

  it("says when only server-managed fields changed, and when nothing was recorded", () => {
    const bumped = { ...foo1, metadata: { ...foo1.metadata, resourceVersion: "99" } };
    expect(text({ ...base, op: "UPDATE", before: foo1, after: bumped })).toEqual(["only server-managed fields changed (m shows them)"]);
    expect(text({ ...base, op: "UPDATE" })).toEqual(["(the object versions were not recorded)"]);
    expect(text({ ...base, op: "CREATE" })).toEqual(["(the created object was not recorded)"]);
  });

  it("colours additions green, removals red and changes yellow", () => {
    const lines = effectDiff({ ...base, op: "UPDATE", before: foo1, after: foo2 }, { hideServerFields: true });
    const colourOf = (t: string) => lines.find((l) => lineText(l) === t)!.spans[0]!.color;
    expect(colourOf('  ~ status.state: "A-1" → "A-Final"')).toBe("yellow");
    expect(colourOf("-   state: A-1")).toBe("red");
    expect(colourOf("+   state: A-Final")).toBe("green");
  });
});
