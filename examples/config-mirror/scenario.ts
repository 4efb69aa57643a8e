import { ExplorerBuilder, type KubeObject, type Scenario } from "../../src/index.ts";
import { MirrorReconciler } from "./mirrorReconciler.ts";

/** The source ConfigMap the scenario starts with. */
export function sourceConfigMap(data: Record<string, string> = { greeting: "hello" }): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web", namespace: "default" }, data } as KubeObject;
}

/** The mirror controller's registration, shared by the scenario and `--from-trace` runs. */
export function mirrorBuilder(): ExplorerBuilder {
  const eb = new ExplorerBuilder();
  eb.withReconciler("MirrorController", (c) => new MirrorReconciler(c.asKubernetesObjectApi())).for("core/ConfigMap");
  return eb;
}

/** A controller that mirrors ConfigMaps; the traced-controller demo runs it live (`npm run demo:trace`). */
export const scenario: Scenario = {
  name: "config-mirror",
  description: "a controller copies each ConfigMap's data to <name>-mirror (the tracing demo's controller)",
  build() {
    const eb = mirrorBuilder();
    const initial = eb.initialState().addTopLevelObject(sourceConfigMap(), "MirrorController").build();
    return { builder: eb, initial };
  },
};
export default scenario;
