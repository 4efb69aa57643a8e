import { KameraError } from "../kameraError.ts";
import { kindOf, type KindRegistry } from "../kinds.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { Request } from "../reconciler.ts";
import type { PendingReconcile } from "./exploreResult.ts";
import { objectsOfYaml } from "./yamlObjects.ts";

/** One write in the history an initial state is built from (for staleness). */
export interface HistoryEvent {
  op: "CREATE" | "UPDATE" | "DELETE" | "REMOVE";
  object: KubeObject;
  /** The writer, shown in results; no other effect. */
  by?: string;
}

/** A seeded object: canonical kind plus the object as the user gave it. */
export interface SeedObject {
  kind: string;
  object: KubeObject;
}

/** The initial state of an exploration, as built by `eb.initialState()...build()`. */
export interface InitialState {
  readonly objects: readonly SeedObject[];
  readonly events: readonly (HistoryEvent & { kind: string })[];
  readonly pending: readonly PendingReconcile[];
}

function describe(obj: KubeObject): string {
  const m = obj?.metadata;
  return `${obj?.kind ?? "?"} ${m?.namespace ? `${m.namespace}/` : ""}${m?.name ?? "(no name)"}`;
}

/**
 * Describes what is already in the cluster when the exploration starts, and which reconciles are
 * pending. Objects keep the metadata they are given; what is missing is filled in deterministically.
 *
 * @example
 * ```ts
 * const initial = eb.initialState()
 *   .addTopLevelObject(foo, "FooController", "BarController")
 *   .addObject(configMap)
 *   .build();
 * ```
 */
export class InitialStateBuilder {
  private readonly objects: SeedObject[] = [];
  private readonly events: (HistoryEvent & { kind: string })[] = [];
  private readonly pending: PendingReconcile[] = [];

  constructor(
    private readonly kinds: KindRegistry,
    private readonly isRegistered: (id: string) => boolean,
    private readonly registered: () => string[],
  ) {}

  /**
   * Adds every object of a YAML text (multi-document, `---`-separated, or a `kind: List`, as
   * `kubectl apply -f` takes it). With reconciler ids, each object is a top-level object pending
   * for them (as `addTopLevelObject`); without, each is only present (as `addObject`). An object of
   * a namespaced kind without `metadata.namespace` goes into `default`, as kubectl puts it there
   * under its default context; the other calls take objects as written and require the namespace.
   *
   * @example
   * ```ts
   * eb.initialState().addYaml(readFileSync("manifests.yaml", "utf8")).addYaml(fooYaml, "FooController").build();
   * ```
   */
  addYaml(text: string, ...reconcilerIds: string[]): this {
    for (const obj of objectsOfYaml(text, "addYaml")) this.add(this.seed(this.inDefaultNamespace(obj), "addYaml"), reconcilerIds);
    return this;
  }

  /** The object is present and each named reconciler has it pending. */
  addTopLevelObject(obj: KubeObject, ...reconcilerIds: string[]): this {
    return this.add(this.seed(obj, "addTopLevelObject"), reconcilerIds);
  }

  /** The object is present; nothing is pending for it. */
  addObject(obj: KubeObject): this {
    this.objects.push(this.seed(obj, "addObject"));
    return this;
  }

  /** A write in the cluster's history; events are replayed in order to build the initial world. */
  addEvent(event: HistoryEvent): this {
    const ops = ["CREATE", "UPDATE", "DELETE", "REMOVE"];
    if (!event || !ops.includes(event.op)) {
      throw new KameraError(`addEvent: op must be one of ${ops.join(", ")}, got ${JSON.stringify(event?.op)}`);
    }
    const seed = this.seed(event.object, `addEvent(${event.op})`);
    this.events.push({ op: event.op, object: seed.object, kind: seed.kind, ...(event.by !== undefined ? { by: event.by } : {}) });
    return this;
  }

  /** A pending reconcile. The reconciler must be registered. */
  enqueue(reconcilerId: string, request: Request): this {
    if (!this.isRegistered(reconcilerId)) {
      throw new KameraError(`unknown reconciler id "${reconcilerId}"; registered: ${this.registered().join(", ") || "(none)"}`);
    }
    if (!request || typeof request.name !== "string" || request.name === "") {
      throw new KameraError(`enqueue("${reconcilerId}"): the request needs a name, got ${JSON.stringify(request)}`);
    }
    if (request.namespace !== undefined && typeof request.namespace !== "string") {
      throw new KameraError(`enqueue("${reconcilerId}"): the request's namespace must be a string, got ${JSON.stringify(request.namespace)}`);
    }
    this.pending.push({ reconcilerId, request: { namespace: request.namespace ?? "", name: request.name } });
    return this;
  }

  build(): InitialState {
    return { objects: [...this.objects], events: [...this.events], pending: [...this.pending] };
  }

  private add(seed: SeedObject, reconcilerIds: readonly string[]): this {
    this.objects.push(seed);
    const meta = seed.object.metadata!;
    for (const id of reconcilerIds) this.enqueue(id, { namespace: this.namespaceOf(seed), name: meta.name! });
    return this;
  }

  /** `obj` with `metadata.namespace: "default"` when its kind is namespaced and it names none (an unknown kind is left to `seed` to report). */
  private inDefaultNamespace(obj: KubeObject): KubeObject {
    const meta = obj.metadata;
    if (meta === null || typeof meta !== "object" || meta.namespace !== undefined) return obj;
    let scope: string;
    try {
      scope = this.kinds.info(kindOf(obj)).scope;
    } catch {
      return obj;
    }
    return scope === "Namespaced" ? { ...obj, metadata: { ...meta, namespace: "default" } } : obj;
  }

  private namespaceOf(seed: SeedObject): string {
    return this.kinds.info(seed.kind).scope === "Cluster" ? "" : (seed.object.metadata?.namespace ?? "");
  }

  private seed(obj: KubeObject, where: string): SeedObject {
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) {
      throw new KameraError(`${where}: expected a Kubernetes object, got ${JSON.stringify(obj)}`);
    }
    const kind = kindOf(obj);
    const info = this.kinds.info(kind);
    const meta = obj.metadata;
    if (!meta || typeof meta !== "object" || meta.name === undefined || meta.name === "") {
      throw new KameraError(`${where}: ${describe(obj)} has no metadata.name`);
    }
    if (typeof meta.name !== "string") throw new KameraError(`${where}: ${obj.kind}'s metadata.name must be a string, got ${JSON.stringify(meta.name)}`);
    if (meta.namespace !== undefined && typeof meta.namespace !== "string") {
      throw new KameraError(`${where}: ${obj.kind} ${meta.name}'s metadata.namespace must be a string, got ${JSON.stringify(meta.namespace)}`);
    }
    if (info.scope === "Namespaced" && (meta.namespace === undefined || meta.namespace === "")) {
      throw new KameraError(`${where}: ${describe(obj)} is of namespaced kind ${kind} but has no metadata.namespace`);
    }
    // A copy, so later changes to the caller's object do not change the scenario.
    return { kind, object: structuredClone(obj) };
  }
}
