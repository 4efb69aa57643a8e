import { describe, expect, it } from "vitest";
import { createCore } from "../../bindings/createCore.ts";
import { KameraError } from "../../src/kameraError.ts";
import { loadHasher } from "../../src/objects/hasher.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import { VersionTable } from "../../src/objects/versionTable.ts";
import { ReceivedVersions } from "../../src/parallel/receivedVersions.ts";

const hasher = await loadHasher();
const cm = (a: string, b: string): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default" }, data: { a, b } });

describe("versions received from another worker", () => {
  it("are interned by the hash they travel with, and registered with the core once", async () => {
    const sender = new VersionTable(hasher, () => []);
    const receiver = new VersionTable(hasher, () => []);
    const registered: number[] = [];
    const core = await createCore({ engine: "reference" });
    const register = core.registerVersion.bind(core);
    core.registerVersion = (id, hash) => (registered.push(id), register(id, hash));
    const received = new ReceivedVersions(core, receiver);
    const id = sender.intern("core/ConfigMap", cm("1", "2"));
    const ours = received.version("core/ConfigMap", structuredClone(sender.object(id)), sender.hash(id), 1);
    expect(received.version("core/ConfigMap", structuredClone(sender.object(id)), sender.hash(id), 1)).toBe(ours);
    expect(receiver.hash(ours)).toBe(sender.hash(id));
    expect(registered).toEqual([ours]);
  });

  it("from a worker whose masks differ fail with the reason instead of merging states that are not equal", async () => {
    const sender = new VersionTable(hasher, () => ["data.b"]);
    const received = new ReceivedVersions(await createCore({ engine: "reference" }), new VersionTable(hasher, () => []));
    const id = sender.intern("core/ConfigMap", cm("1", "2"));
    const receive = () => received.version("core/ConfigMap", structuredClone(sender.object(id)), sender.hash(id), 2);
    expect(receive).toThrow(KameraError);
    expect(receive).toThrow(/^worker 2 sent core\/ConfigMap default\/cfg with content hash [0-9a-f]+, which is [0-9a-f]+ here: every worker must load the same scenario with the same masks$/);
  });
});
