import type { World } from "../apiserver/world.ts";
import { isTerminating } from "./crdCleanup.ts";
import { CRD_KIND, resourceVerbs, type ResourceCatalog, type ServedResource } from "./resourceCatalog.ts";

/** The Kubernetes version the server reports at `/version` (the API it approximates). */
export const SERVED_KUBERNETES_VERSION = { major: "1", minor: "32", gitVersion: "v1.32.0-kamera" };

/** `GET /version`. */
export function versionInfo(): Record<string, string> {
  return {
    ...SERVED_KUBERNETES_VERSION,
    gitCommit: "",
    gitTreeState: "clean",
    buildDate: "1970-01-01T00:00:00Z",
    goVersion: "",
    compiler: "kamera",
    platform: `${process.platform}/${process.arch}`,
  };
}

/** `GET /api`: the core group's versions. */
export function legacyVersions(serverAddress: string): Record<string, unknown> {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function groupOf(g: { name: string; versions: string[] }): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

/** `GET /apis`: every named group with its versions. */
export function groupList(catalog: ResourceCatalog): Record<string, unknown> {
  return { kind: "APIGroupList", apiVersion: "v1", groups: catalog.groups().map(groupOf) };
}

/** `GET /apis/<group>`, or undefined when the group is not served. */
export function groupDocument(catalog: ResourceCatalog, group: string): Record<string, unknown> | undefined {
  const g = catalog.groups().find((x) => x.name === group);
  return g === undefined ? undefined : { kind: "APIGroup", apiVersion: "v1", ...groupOf(g) };
}

/**
 * The verbs apiextensions' discovery controller (customresource_discovery_controller.go) lists for
 * the resource of a `Terminating` definition: it no longer offers create, patch or update.
 */
const TERMINATING_CRD_VERBS = ["delete", "deletecollection", "get", "list", "watch"];

function verbsOf(res: ServedResource, world: World): string[] {
  const crd = res.fromCrd === undefined ? undefined : world.get(CRD_KIND, "", res.fromCrd);
  return crd !== undefined && isTerminating(crd) ? [...TERMINATING_CRD_VERBS] : resourceVerbs(res);
}

function resourceEntries(res: ServedResource, world: World): Record<string, unknown>[] {
  const main: Record<string, unknown> = {
    name: res.plural,
    singularName: res.singular,
    namespaced: res.scope === "Namespaced",
    kind: res.kind,
    verbs: verbsOf(res, world),
  };
  if (res.shortNames.length > 0) main.shortNames = [...res.shortNames];
  if (res.categories.length > 0) main.categories = [...res.categories];
  const out = [main];
  if (res.status) {
    out.push({ name: `${res.plural}/status`, singularName: "", namespaced: main.namespaced, kind: res.kind, verbs: ["get", "patch", "update"] });
  }
  if (res.scale) {
    out.push({
      name: `${res.plural}/scale`,
      singularName: "",
      namespaced: main.namespaced,
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
      verbs: ["get", "patch", "update"],
    });
  }
  return out;
}

/**
 * `GET /api/v1` or `/apis/<group>/<version>`, or undefined when that group version is not served;
 * the verbs of a CRD's resource depend on its definition in `world`.
 */
export function resourceList(catalog: ResourceCatalog, world: World, group: string, version: string): Record<string, unknown> | undefined {
  const resources = catalog.inGroupVersion(group, version);
  if (resources.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group === "" ? version : `${group}/${version}`,
    resources: resources.flatMap((res) => resourceEntries(res, world)),
  };
}
