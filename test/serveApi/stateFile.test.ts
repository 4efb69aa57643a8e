import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { objectsOfYaml } from "../../src/explore/yamlObjects.ts";
import { loadStateFile, saveStateFile } from "../../src/serveApi/stateFile.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-state-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("state files", () => {
  it("read every document of a manifest, flatten Lists and skip empty documents", () => {
    const objs = objectsOfYaml(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n- {apiVersion: v1, kind: Service, metadata: {name: svc}}\n",
      "m.yaml",
    );
    expect(objs.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(["ConfigMap/a", "Secret/s", "Service/svc"]);
  });

  it("name the file and the document of what is not an object", () => {
    expect(() => objectsOfYaml("apiVersion: v1\nkind: ConfigMap\n---\n- a\n- b\n", "m.yaml")).toThrow("m.yaml: document 2 (line 3): expected a Kubernetes object (a mapping with apiVersion, kind, metadata), got a list");
    expect(() => objectsOfYaml("metadata: {name: x}\n", "m.yaml")).toThrow("m.yaml: document 1 (line 1): expected an object with apiVersion and kind, got no apiVersion and no kind");
    expect(() => objectsOfYaml("kind: List\nitems: [{kind: Pod}]\n", "m.yaml")).toThrow("m.yaml: document 1 (line 1): items[0]: expected an object with apiVersion and kind, got no apiVersion and kind \"Pod\"");
    expect(() => objectsOfYaml("a: [1, 2\n", "m.yaml")).toThrow(/^m.yaml: document 1 \(line 2\): Flow sequence/);
  });

  it("round-trip through saveStateFile, keeping metadata as saved", async () => {
    const file = join(dir, "world.yaml");
    const objs = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "default", uid: "u-1", resourceVersion: "7" }, data: { k: "v" } },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } },
    ];
    await saveStateFile(file, objs);
    expect(await loadStateFile(file)).toEqual(objs);
    expect(await readFile(file, "utf8")).toContain("---\n");
    await expect(loadStateFile(join(dir, "nope.yaml"))).rejects.toThrow(`cannot read ${join(dir, "nope.yaml")}: no such file`);
  });
});
