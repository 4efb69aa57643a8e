import { jsonEqual } from "../objects/jsonEqual.ts";
import type { KubeObject } from "../objects/kubeObject.ts";

/** The names of a CustomResourceDefinition (`spec.names` or `status.acceptedNames`); "" and [] where absent. */
export interface CrdNames {
  plural: string;
  singular: string;
  shortNames: string[];
  kind: string;
  listKind: string;
  categories: string[];
}

/** One entry of a CustomResourceDefinition's `status.conditions`. */
export interface CrdCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** What the naming controller writes into a CustomResourceDefinition's status. */
export interface CrdNamingStatus {
  acceptedNames: Record<string, unknown>;
  conditions: CrdCondition[];
}

interface NamingState {
  names: CrdNames;
  conditions: CrdCondition[];
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
}

function namesOf(raw: unknown): CrdNames {
  const n = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    plural: str(n.plural),
    singular: str(n.singular),
    shortNames: strings(n.shortNames),
    kind: str(n.kind),
    listKind: str(n.listKind),
    categories: strings(n.categories),
  };
}

/** `spec.names` with the real server's defaults: the singular is the lowercased kind, the list kind `<Kind>List`. */
export function requestedNames(crd: KubeObject): CrdNames {
  const names = namesOf((crd as { spec?: { names?: unknown } }).spec?.names);
  return {
    ...names,
    singular: names.singular || names.kind.toLowerCase(),
    listKind: names.listKind || (names.kind ? `${names.kind}List` : ""),
  };
}

/** `status.acceptedNames`: the names the definition is served under. */
export function acceptedNames(crd: KubeObject): CrdNames {
  return namesOf((crd as { status?: { acceptedNames?: unknown } }).status?.acceptedNames);
}

/** `status.conditions`, the well-formed entries. */
export function conditionsOf(crd: KubeObject): CrdCondition[] {
  const raw = (crd as { status?: { conditions?: unknown } }).status?.conditions;
  return Array.isArray(raw) ? raw.filter((c): c is CrdCondition => typeof c === "object" && c !== null && typeof c.type === "string") : [];
}

/** The condition of this type in the definition's status, if any. */
export function crdCondition(crd: KubeObject, type: string): CrdCondition | undefined {
  return conditionsOf(crd).find((c) => c.type === type);
}

/** Whether the definition is `Established`: the real server serves its resource only then. */
export function isEstablished(crd: KubeObject): boolean {
  return crdCondition(crd, "Established")?.status === "True";
}

/** `status.acceptedNames` as the real server writes it: empty optional fields left out. */
function namesJson(n: CrdNames): Record<string, unknown> {
  return {
    plural: n.plural,
    ...(n.singular ? { singular: n.singular } : {}),
    ...(n.shortNames.length > 0 ? { shortNames: n.shortNames } : {}),
    kind: n.kind,
    ...(n.listKind ? { listKind: n.listKind } : {}),
    ...(n.categories.length > 0 ? { categories: n.categories } : {}),
  };
}

/** apiextensions' `SetCRDCondition`: the transition time moves only when the status does. */
export function setCondition(conditions: CrdCondition[], next: CrdCondition, at: string): CrdCondition[] {
  const i = conditions.findIndex((c) => c.type === next.type);
  if (i < 0) return [...conditions, { ...next, lastTransitionTime: at }];
  const old = conditions[i]!;
  const time = old.status === next.status && old.lastTransitionTime !== undefined ? old.lastTransitionTime : at;
  return conditions.map((c, j) => (j === i ? { ...next, lastTransitionTime: time } : c));
}

/** A requested name that is neither already this definition's nor taken: `equalToAcceptedOrFresh`. */
function inUse(requested: string, accepted: string, used: ReadonlySet<string>): string | undefined {
  return requested !== accepted && used.has(requested) ? `${JSON.stringify(requested)} is already in use` : undefined;
}

/**
 * One sync of the naming controller (`calculateNamesAndConditions`) followed by the establishing
 * controller: each requested name is accepted if it is already accepted or no definition of the
 * group has accepted it (plural, singular and short names share one space, kinds and list kinds
 * another); a refused name keeps the accepted one, and the last refusal in the order plural,
 * singular, short names, kind, list kind gives the reason. A definition whose names are all
 * accepted becomes `Established` and stays so.
 */
function nameOne(requested: CrdNames, state: NamingState, resources: ReadonlySet<string>, kinds: ReadonlySet<string>, at: string): NamingState {
  const accepted = state.names;
  const names = { ...accepted, categories: requested.categories };
  let refusal: { reason: string; message: string } | undefined;
  const check = (field: "plural" | "singular" | "kind" | "listKind", reason: string, used: ReadonlySet<string>) => {
    const message = inUse(requested[field], accepted[field], used);
    if (message === undefined) names[field] = requested[field];
    else refusal = { reason, message };
  };
  check("plural", "PluralConflict", resources);
  check("singular", "SingularConflict", resources);
  if (!jsonEqual(requested.shortNames, accepted.shortNames)) {
    const own = new Set(accepted.shortNames);
    const errors = requested.shortNames.filter((s) => !own.has(s)).flatMap((s) => inUse(s, "", resources) ?? []);
    if (errors.length === 0) names.shortNames = requested.shortNames;
    // apimachinery's aggregate error: one message alone, several in brackets.
    else refusal = { reason: "ShortNamesConflict", message: errors.length === 1 ? errors[0]! : `[${errors.join(", ")}]` };
  }
  check("kind", "KindConflict", kinds);
  check("listKind", "ListKindConflict", kinds);

  const namesAccepted: CrdCondition = refusal
    ? { type: "NamesAccepted", status: "False", ...refusal }
    : { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" };
  let established = state.conditions.find((c) => c.type === "Established") ?? {
    type: "Established",
    status: "False",
    reason: "NotAccepted",
    message: "not all names are accepted",
  };
  if (established.status !== "True" && namesAccepted.status === "True") {
    established = { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" };
  }
  return { names, conditions: setCondition(setCondition(state.conditions, namesAccepted, at), established, at) };
}

function groupOf(crd: KubeObject): string {
  return str((crd as { spec?: { group?: unknown } }).spec?.group);
}

/** Older definitions first, so that of two waiting for the same name the first defined gets it. */
function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata?.creationTimestamp ?? "";
  const tb = b.metadata?.creationTimestamp ?? "";
  if (ta !== tb) return ta < tb ? -1 : 1;
  const na = a.metadata?.name ?? "";
  const nb = b.metadata?.name ?? "";
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * The statuses the apiextensions naming and establishing controllers give these
 * CustomResourceDefinitions, by name, for those whose status changes. Names are reserved within
 * a group: a definition keeps the names it has accepted, and one that asks for a name another
 * has accepted gets `NamesAccepted=False` with the real reason (`PluralConflict`,
 * `SingularConflict`, `ShortNamesConflict`, `KindConflict`, `ListKindConflict`) and message
 * (`"Foo" is already in use`) and is not established until the name is free (the other
 * definition is deleted or renamed). The definitions are synced, oldest first (then by name), until
 * no status changes, as the controller requeues a group whenever names move; this ends because
 * an accepted name only ever changes to the requested one.
 *
 * @example
 * ```ts
 * crdNamingUpdates(world.list(CRD_KIND), "2026-01-01T00:00:00Z").get("bars.dup.io")?.conditions[0];
 * // { type: "NamesAccepted", status: "False", reason: "ListKindConflict", message: '"FooList" is already in use', ... }
 * ```
 */
export function crdNamingUpdates(crds: readonly KubeObject[], at: string): Map<string, CrdNamingStatus> {
  const order = [...crds].sort(byCreation);
  const states = new Map<KubeObject, NamingState>(order.map((c) => [c, { names: acceptedNames(c), conditions: conditionsOf(c) }]));
  const updates = new Map<string, CrdNamingStatus>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const crd of order) {
      const resources = new Set<string>();
      const kinds = new Set<string>();
      for (const other of order) {
        if (groupOf(other) !== groupOf(crd)) continue;
        const n = states.get(other)!.names;
        for (const r of [n.plural, n.singular, ...n.shortNames]) resources.add(r);
        kinds.add(n.kind).add(n.listKind);
      }
      const before = states.get(crd)!;
      const after = nameOne(requestedNames(crd), before, resources, kinds, at);
      if (jsonEqual(after, before)) continue;
      states.set(crd, after);
      updates.set(crd.metadata?.name ?? "", { acceptedNames: namesJson(after.names), conditions: after.conditions });
      changed = true;
    }
  }
  return updates;
}
