/** What a URL path under `/api` or `/apis` names. */
export type ApiPath =
  | { type: "legacyVersions" } // /api
  | { type: "groupList" } // /apis
  | { type: "group"; group: string } // /apis/<group>
  | { type: "resourceList"; group: string; version: string } // /api/v1, /apis/<group>/<version>
  | {
      type: "resource";
      group: string;
      version: string;
      /** The namespace segment of the path, if any. */
      namespace?: string;
      plural: string;
      name?: string;
      subresource?: string;
    };

/**
 * Parses a Kubernetes REST path: `/api`, `/apis`, `/apis/<g>`, `/api/v1`, `/apis/<g>/<v>`, and
 * `[/namespaces/<ns>]/<plural>[/<name>[/<subresource>]]` after a group version. `namespaces`
 * itself is a resource: `/api/v1/namespaces/<name>` is a namespace and
 * `/api/v1/namespaces/<name>/status` its status, while `/api/v1/namespaces/<ns>/pods` lists pods.
 * Returns `undefined` for any other path.
 *
 * @example
 * ```ts
 * parseApiPath("/apis/apps/v1/namespaces/default/deployments/web/scale");
 * // { type: "resource", group: "apps", version: "v1", namespace: "default", plural: "deployments", name: "web", subresource: "scale" }
 * ```
 */
export function parseApiPath(pathname: string): ApiPath | undefined {
  const parts = pathname.split("/").filter((p) => p !== "");
  let segs: string[];
  let group: string;
  let version: string;
  if (parts[0] === "api") {
    if (parts.length === 1) return { type: "legacyVersions" };
    group = "";
    version = parts[1]!;
    segs = parts.slice(2);
  } else if (parts[0] === "apis") {
    if (parts.length === 1) return { type: "groupList" };
    if (parts.length === 2) return { type: "group", group: parts[1]! };
    group = parts[1]!;
    version = parts[2]!;
    segs = parts.slice(3);
  } else {
    return undefined;
  }
  let decoded: string[];
  try {
    decoded = segs.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  if (decoded.length === 0) return { type: "resourceList", group, version };
  let namespace: string | undefined;
  if (decoded[0] === "namespaces" && decoded.length >= 3 && !(group === "" && decoded.length === 3 && isNamespaceSubresource(decoded[2]!))) {
    namespace = decoded[1]!;
    decoded = decoded.slice(2);
  }
  if (decoded.length > 3) return undefined;
  const [plural, name, subresource] = decoded as [string, string | undefined, string | undefined];
  return {
    type: "resource",
    group,
    version,
    ...(namespace !== undefined ? { namespace } : {}),
    plural,
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}

function isNamespaceSubresource(segment: string): boolean {
  return segment === "status" || segment === "finalize";
}
