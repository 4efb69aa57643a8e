import { fakeSha256 } from "./imageDigest.ts";

/** Longest name a Kubernetes object (a DNS-1123 label) may have. */
const LONGEST = 63;

/**
 * `kmeta.ChildName`: `parent + suffix`, shortened with a hash of the parent when that would exceed
 * 63 characters. (The real one hashes with MD5; the model uses its own deterministic hash, which
 * only matters for names that long.)
 */
export function childName(parent: string, suffix: string): string {
  if (parent.length + suffix.length <= LONGEST) return parent + suffix;
  const head = Math.max(0, LONGEST - suffix.length - 32);
  return parent.slice(0, head) + fakeSha256(parent).slice(0, 32) + suffix;
}

/** The names Knative gives the objects it creates (the `resources/names` packages of `pkg/reconciler`). */
export const names = {
  /** A Service's Configuration and Route are named after it. */
  configuration: (serviceName: string) => serviceName,
  route: (serviceName: string) => serviceName,
  /** `<config>-00001` for the Configuration's generation 1. */
  revision: (configName: string, generation: number) => childName(configName, `-${String(generation).padStart(5, "0")}`),
  deployment: (revisionName: string) => childName(revisionName, "-deployment"),
  podAutoscaler: (revisionName: string) => revisionName,
  serverlessService: (paName: string) => paName,
  /** The SKS's private Service selects the revision's pods; the public one (named like the SKS) has hand-written Endpoints. */
  privateService: (sksName: string) => childName(sksName, "-private"),
  publicService: (sksName: string) => sksName,
  ingress: (routeName: string) => routeName,
  placeholderService: (routeName: string) => routeName,
};

/** The domain of config-domain (`example.com`, the default when none is configured). */
export const DOMAIN = "example.com";

/** config-network's default domain template `{{.Name}}.{{.Namespace}}.{{.Domain}}`. */
export function externalHost(name: string, namespace: string): string {
  return `${name}.${namespace}.${DOMAIN}`;
}

/** The cluster-local host of a route (its placeholder Service's DNS name). */
export function clusterLocalHost(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`;
}
