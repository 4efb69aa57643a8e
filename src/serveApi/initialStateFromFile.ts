import type { ExplorerBuilder } from "../explore/explorerBuilder.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import { KindRegistry, kindOf } from "../kinds.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { CRD_KIND } from "./liveCluster.ts";
import { kindOptionsOf, resourceOfCrd } from "./resourceCatalog.ts";
import { loadStateFile } from "./stateFile.ts";

/**
 * The initial state of a scenario with its objects replaced by those of a state file (what
 * `kamera serve-api --save` writes, any manifest, or a dump): the file's objects are the cluster
 * (metadata kept as saved), the scenario's seeded objects and history events are dropped, and its
 * pending reconciles are kept — a pending reconcile whose object the file lacks finds nothing, as
 * it would in a real cluster. The kinds of CustomResourceDefinitions in the file are declared on
 * the builder (scope, subresources), and a namespaced object without a namespace goes to `default`.
 *
 * @example
 * ```ts
 * const initial = await initialStateFromFile(builder, scenarioInitial, "world.yaml");
 * ```
 */
export async function initialStateFromFile(builder: ExplorerBuilder, scenarioInitial: InitialState, path: string): Promise<InitialState> {
  return initialStateFromObjects(builder, scenarioInitial, await loadStateFile(path));
}

/** `initialStateFromFile` for objects already loaded. */
export function initialStateFromObjects(builder: ExplorerBuilder, scenarioInitial: InitialState, objects: readonly KubeObject[]): InitialState {
  // Scopes as the file and the built-ins say; a kind the scenario declared cluster-scoped drops a namespace anyway.
  const scopes = new KindRegistry();
  for (const o of objects) {
    if (kindOf(o) !== CRD_KIND) continue;
    const res = resourceOfCrd(o);
    builder.withKind(`${res.group}/${res.kind}`, kindOptionsOf(res));
    scopes.declare(`${res.group}/${res.kind}`, kindOptionsOf(res));
  }
  const seed = builder.initialState();
  for (const o of objects) {
    const namespaced = scopes.info(kindOf(o)).scope === "Namespaced";
    seed.addObject(namespaced && !o.metadata?.namespace ? { ...o, metadata: { ...o.metadata, namespace: "default" } } : o);
  }
  return { ...seed.build(), pending: [...scenarioInitial.pending] };
}
