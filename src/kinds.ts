import { KameraError } from "./kameraError.ts";
import { unknownOptionKey } from "./optionKey.ts";
import { apiVersionProblem, isApiVersionName, kindSuggestion, kindVersionProblem } from "./kindSuggestion.ts";

/**
 * Kinds are written `"<group>/<Kind>"`, with `core` for the core group: `"core/Pod"`,
 * `"apps/Deployment"`, `"webapp.example.com/Foo"`. Anything else is an error that names the bad
 * string and shows the expected form — never a silent default. A group spelled like a version
 * (`"v1/Pod"`) is an error too: it is an apiVersion written where the group belongs.
 */

export type Scope = "Namespaced" | "Cluster";

/** What the server needs to know about a kind. */
export interface KindInfo {
  /** Canonical `"group/Kind"`. */
  kind: string;
  /** API group; "" for the core group. */
  group: string;
  /** The `Kind` part. */
  name: string;
  scope: Scope;
  statusSubresource: boolean;
  /** Whether the real server keeps `metadata.generation` for this kind. */
  hasGeneration: boolean;
  /** Lowercase plural resource name used in error messages (`pods`, `foos.webapp.example.com`). */
  resource: string;
  /** Whether the kind is a custom resource (declared with `withKind` or unknown to the built-ins). */
  custom: boolean;
}

/** Options of `eb.withKind(kind, opts)` (CRD metadata). */
export interface KindOptions {
  scope?: Scope;
  statusSubresource?: boolean;
  /** Defaults to true for custom resources, as the real server keeps a generation for them. */
  hasGeneration?: boolean;
  /** Plural resource name; defaults to the lowercased kind + "s". */
  plural?: string;
}

const KIND_FORM = 'expected "<group>/<Kind>", e.g. "core/Pod", "apps/Deployment" or "webapp.example.com/Foo"';
const GROUP_RE = /^(core|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;
const KIND_NAME_RE = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Parses a kind string given to `call` (e.g. `.owns(...)`), throwing a `KameraError` that names
 * the call, the string and the likely fix.
 *
 * @example
 * ```ts
 * parseKindIn("ConfigMap", ".owns(...)"); // throws: "ConfigMap" in .owns(...): did you mean "core/ConfigMap"? ...
 * ```
 */
export function parseKindIn(kind: string, call: string): { group: string; name: string; kind: string } {
  try {
    return parseKind(kind);
  } catch (e) {
    if (!(e instanceof KameraError) || typeof kind !== "string") throw e;
    throw new KameraError(`${JSON.stringify(kind)} in ${call}: ${likelyFix(kind) || "not valid as a kind"} (kinds are written "<group>/<Kind>", e.g. "core/Pod", "apps/Deployment" or "webapp.example.com/Foo")`);
  }
}

/**
 * Parses a kind string, throwing a `KameraError` that names the string when it does not parse.
 *
 * @example
 * ```ts
 * parseKind("apps/Deployment"); // { group: "apps", name: "Deployment", kind: "apps/Deployment" }
 * parseKind("Pod");             // throws: kind "Pod" is not valid: expected "<group>/<Kind>", ...
 * ```
 */
export function parseKind(kind: string): { group: string; name: string; kind: string } {
  if (typeof kind !== "string") {
    throw new KameraError(`kind ${JSON.stringify(kind)} is not a string: ${KIND_FORM}`);
  }
  const slash = kind.lastIndexOf("/");
  const group = slash < 0 ? "" : kind.slice(0, slash);
  const name = slash < 0 ? kind : kind.slice(slash + 1);
  if (slash < 0 || !GROUP_RE.test(group) || isApiVersionName(group) || !KIND_NAME_RE.test(name)) {
    const fix = likelyFix(kind);
    throw new KameraError(`kind "${kind}" is not valid: ${fix ? `${fix}${fix.endsWith("?") ? "" : ";"} ` : ""}${KIND_FORM}`);
  }
  return { group: group === "core" ? "" : group, name, kind };
}

/** What was likely meant by a kind string that does not parse, or "" with no good guess. */
function likelyFix(kind: string): string {
  const guess = kindSuggestion(kind);
  return [kindVersionProblem(kind), guess && `did you mean "${guess}"?`].filter(Boolean).join(": ");
}

/** kind → apiVersion → `kindOf`'s answer, for pairs that resolved (bounded: input may be arbitrary). */
const KNOWN_KINDS = new Map<string, Map<string, string>>();
let knownKindCount = 0;
const MAX_KNOWN_KINDS = 4096;

/**
 * The canonical kind of an object from its `apiVersion` and `kind`
 * (`apps/v1` + `Deployment` → `apps/Deployment`, `v1` + `Pod` → `core/Pod`).
 *
 * @example
 * ```ts
 * kindOf({ apiVersion: "v1", kind: "Pod" }); // "core/Pod"
 * ```
 */
export function kindOf(obj: { apiVersion?: unknown; kind?: unknown }): string {
  const apiVersion = obj?.apiVersion;
  const kind = obj?.kind;
  // Every request and every write asks this of the same few pairs: valid answers are kept.
  const known = typeof apiVersion === "string" && typeof kind === "string" ? KNOWN_KINDS.get(kind)?.get(apiVersion) : undefined;
  if (known !== undefined) return known;
  const resolved = resolveKindOf(apiVersion, kind);
  if (knownKindCount < MAX_KNOWN_KINDS) {
    let byVersion = KNOWN_KINDS.get(kind as string);
    if (byVersion === undefined) KNOWN_KINDS.set(kind as string, (byVersion = new Map()));
    byVersion.set(apiVersion as string, resolved);
    knownKindCount++;
  }
  return resolved;
}

function resolveKindOf(apiVersion: unknown, kind: unknown): string {
  if (typeof apiVersion !== "string" || apiVersion === "" || typeof kind !== "string" || kind === "") {
    throw new KameraError(
      `object has no valid apiVersion/kind (got apiVersion ${JSON.stringify(apiVersion)}, kind ${JSON.stringify(kind)}): ` +
        'expected e.g. { apiVersion: "apps/v1", kind: "Deployment" }',
    );
  }
  const problem = apiVersionProblem(apiVersion);
  if (problem !== undefined) throw new KameraError(`apiVersion "${apiVersion}" of ${kind} is not valid: ${problem}`);
  const parts = apiVersion.split("/");
  const group = parts.length === 2 ? parts[0]! : "core";
  return parseKind(`${group}/${kind}`).kind;
}

/** The `group` part of an apiVersion ("" for the core group). */
export function groupOfApiVersion(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

const CLUSTER_SCOPED = new Set([
  "core/Namespace",
  "core/Node",
  "core/PersistentVolume",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "storage.k8s.io/StorageClass",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "scheduling.k8s.io/PriorityClass",
]);

/** Groups whose kinds are built into a real API server (not custom resources). */
const BUILTIN_GROUPS = new Set([
  "",
  "apps",
  "batch",
  "policy",
  "networking.k8s.io",
  "autoscaling",
  "rbac.authorization.k8s.io",
  "storage.k8s.io",
  "apiextensions.k8s.io",
  "scheduling.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
]);

/** Built-in kinds whose real server keeps metadata.generation, besides every apps/* and batch/* kind. */
const BUILTIN_WITH_GENERATION = new Set([
  "policy/PodDisruptionBudget",
  "networking.k8s.io/Ingress",
  "autoscaling/HorizontalPodAutoscaler",
]);

/** Built-in kinds with no status subresource. */
const BUILTIN_WITHOUT_STATUS = new Set([
  "core/ConfigMap",
  "core/Secret",
  "core/Endpoints",
  "core/ServiceAccount",
  "rbac.authorization.k8s.io/Role",
  "rbac.authorization.k8s.io/RoleBinding",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "storage.k8s.io/StorageClass",
  "scheduling.k8s.io/PriorityClass",
  "discovery.k8s.io/EndpointSlice",
]);

function pluralOf(name: string): string {
  const lower = name.toLowerCase();
  if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("ch") || lower.endsWith("sh")) return `${lower}es`;
  if (lower.endsWith("y") && !/[aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

const KIND_OPTION_KEYS = ["scope", "statusSubresource", "hasGeneration", "plural"] as const satisfies readonly (keyof KindOptions)[];

/** Throws a `KameraError` naming the first option of `withKind(kind, opts)` that is not valid: a misspelt one would silently keep the default. */
function checkKindOptions(kind: string, opts: KindOptions): void {
  const call = `withKind("${kind}")`;
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) throw new KameraError(`${call}: options must be an object { ${KIND_OPTION_KEYS.join(", ")} }, got ${JSON.stringify(opts)}`);
  const known: readonly string[] = KIND_OPTION_KEYS;
  const unknown = unknownOptionKey(opts, known);
  if (unknown !== undefined) {
    const { key, near } = unknown;
    throw new KameraError(`${call}: unknown option "${key}"${near ? `; did you mean "${near}"?` : ""} (options: ${known.join(", ")})`);
  }
  if (opts.scope !== undefined && opts.scope !== "Namespaced" && opts.scope !== "Cluster") {
    throw new KameraError(`${call}: scope must be "Namespaced" or "Cluster", got ${JSON.stringify(opts.scope)}`);
  }
  for (const key of ["statusSubresource", "hasGeneration"] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== "boolean") throw new KameraError(`${call}: ${key} must be true or false, got ${JSON.stringify(opts[key])}`);
  }
  if (opts.plural !== undefined && (typeof opts.plural !== "string" || opts.plural === "")) {
    throw new KameraError(`${call}: plural must be a resource name such as "widgets", got ${JSON.stringify(opts.plural)}`);
  }
}

/**
 * Scope and subresource facts for every kind an exploration uses: built-ins by default,
 * custom resources as declared with `withKind` (undeclared custom kinds are namespaced, with a
 * status subresource and a generation).
 */
/** Kinds whose derived facts a registry keeps (a bound: kinds come from user input). */
const MAX_DERIVED_KINDS = 4096;

export class KindRegistry {
  private readonly declared = new Map<string, KindInfo>();
  /** `info` of kinds not declared (declared ones are looked up first, so a later `declare` wins). */
  private readonly derived = new Map<string, KindInfo>();

  /** Declares (or re-declares) a kind's CRD metadata. Throws on a bad kind string. */
  declare(kind: string, opts: KindOptions = {}): KindInfo {
    const parsed = parseKind(kind);
    checkKindOptions(kind, opts);
    const base = this.info(kind);
    const info: KindInfo = {
      ...base,
      scope: opts.scope ?? base.scope,
      statusSubresource: opts.statusSubresource ?? base.statusSubresource,
      hasGeneration: opts.hasGeneration ?? base.hasGeneration,
      resource: opts.plural ? (parsed.group ? `${opts.plural}.${parsed.group}` : opts.plural) : base.resource,
    };
    this.declared.set(kind, info);
    return info;
  }

  /** Facts about a kind; throws a `KameraError` on a bad kind string. */
  info(kind: string): KindInfo {
    const found = this.declared.get(kind);
    if (found) return found;
    // Every request of every reconcile asks this of the same few kinds: derived answers are kept.
    let derived = this.derived.get(kind);
    if (derived === undefined) {
      derived = this.derive(kind);
      if (this.derived.size < MAX_DERIVED_KINDS) this.derived.set(kind, derived);
    }
    return derived;
  }

  /** The facts of a kind nobody declared, from its name and the built-in tables. */
  private derive(kind: string): KindInfo {
    const { group, name } = parseKind(kind);
    const custom = !BUILTIN_GROUPS.has(group);
    const plural = pluralOf(name);
    return {
      kind,
      group,
      name,
      scope: CLUSTER_SCOPED.has(kind) ? "Cluster" : "Namespaced",
      statusSubresource: !BUILTIN_WITHOUT_STATUS.has(kind),
      hasGeneration: custom || group === "apps" || group === "batch" || BUILTIN_WITH_GENERATION.has(kind),
      resource: group ? `${plural}.${group}` : plural,
      custom,
    };
  }

  /** Every kind declared with `declare`, sorted. */
  declaredKinds(): string[] {
    return [...this.declared.keys()].sort();
  }
}
