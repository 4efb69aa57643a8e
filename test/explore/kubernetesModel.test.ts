import { describe, expect, it } from "vitest";
import { ExplorerBuilder } from "../../src/index.ts";

const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } };

describe("a reconcile that fails under abortOnError", () => {
  it("aborts its state with the one-line error its failed step has, without kamera's stack", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("A", () => ({
      reconcile() {
        throw new Error("A broke");
      },
    })).for("core/ConfigMap");
    const r = await eb.build().explore(eb.initialState().addTopLevelObject(cm, "A").build(), { abortOnError: true });
    const [aborted] = r.abortedStates;
    expect(aborted!.error).toBe("Error: A broke");
    expect(aborted!.paths[0]!.at(-1)!.error).toBe(aborted!.error);
    expect(aborted!.errorLocation).toMatch(/^test\/explore\/kubernetesModel\.test\.ts:11:\d+$/);
  });
});
