import { ApiError, type InvalidCause } from "../apiserver/apiError.ts";
import { invalidCause } from "../apiserver/objectMetaValidation.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { isEstablished } from "./crdNaming.ts";
import { CrdShapeError, resourceOfCrd } from "./resourceCatalog.ts";

const QUALIFIED_KIND = "CustomResourceDefinition.apiextensions.k8s.io";

type CrdSpec = { group?: unknown; scope?: unknown; names?: { plural?: unknown; kind?: unknown } };

function specOf(crd: KubeObject): CrdSpec {
  return (crd as { spec?: CrdSpec }).spec ?? {};
}

/**
 * Checks a CustomResourceDefinition as apiextensions validation does before it is stored, and
 * throws `Invalid` with every cause found. Always: what kamera needs to serve it (group, plural,
 * kind, scope, a served version). On create: the name is `<plural>.<group>`. On update (`old`
 * given): `spec.group` and `spec.names.plural` never change (they make the name and the storage),
 * and once `old` is established neither do `spec.scope` and `spec.names.kind` (objects are stored
 * under them); the other names may change and are then accepted or refused by the naming
 * controller (`crdNaming.ts`).
 *
 * @example
 * ```ts
 * checkCrd(patched, stored); // throws: spec.scope: Invalid value: "Cluster": field is immutable
 * ```
 */
export function checkCrd(crd: KubeObject, old: KubeObject | undefined): void {
  const name = crd.metadata?.name ?? "";
  const causes: InvalidCause[] = [];
  try {
    const res = resourceOfCrd(crd);
    if (old === undefined && name !== `${res.plural}.${res.group}`) {
      causes.push(invalidCause("metadata.name", name, 'must be spec.names.plural+"."+spec.group'));
    }
  } catch (err) {
    if (!(err instanceof CrdShapeError)) throw err;
    const [field, ...rest] = err.message.split(": ");
    causes.push({ field: field!, message: rest.join(": ") });
  }
  if (old !== undefined) {
    const now = specOf(crd);
    const was = specOf(old);
    const immutable = (field: string, value: unknown, before: unknown) => {
      if (value !== before) causes.push(invalidCause(field, value ?? "", "field is immutable"));
    };
    if (isEstablished(old)) {
      immutable("spec.scope", now.scope, was.scope);
      immutable("spec.names.kind", now.names?.kind, was.names?.kind);
    }
    immutable("spec.group", now.group, was.group);
    immutable("spec.names.plural", now.names?.plural, was.names?.plural);
  }
  if (causes.length > 0) throw ApiError.invalid(QUALIFIED_KIND, name, causes);
}
