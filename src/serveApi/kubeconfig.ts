import { stringify } from "yaml";

/** The names the kubeconfig gives its cluster, user and context. */
export const KUBECONFIG_CONTEXT = "kamera";

/**
 * A kubeconfig for a served cluster: one cluster at `url` whose certificate authority is the
 * server's own certificate (PEM), one user with the bearer token, one context (current) with the
 * `default` namespace. kubectl, client-go and client-node read it as is.
 *
 * @example
 * ```ts
 * kubeconfigYaml("https://127.0.0.1:40123", "0f3a...", certificatePem);
 * ```
 */
export function kubeconfigYaml(url: string, token: string, caPem: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: KUBECONFIG_CONTEXT, cluster: { server: url, "certificate-authority-data": Buffer.from(caPem, "utf8").toString("base64") } }],
    users: [{ name: KUBECONFIG_CONTEXT, user: { token } }],
    contexts: [{ name: KUBECONFIG_CONTEXT, context: { cluster: KUBECONFIG_CONTEXT, user: KUBECONFIG_CONTEXT, namespace: "default" } }],
    "current-context": KUBECONFIG_CONTEXT,
    preferences: {},
  });
}
