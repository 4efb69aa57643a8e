import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { ApiError } from "../apiserver/apiError.ts";
import { KameraError } from "../kameraError.ts";
import { KindRegistry } from "../kinds.ts";
import { loadHasher } from "../objects/hasher.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { checkBearerToken, newBearerToken } from "./bearerToken.ts";
import { seedWorld } from "./clusterSeed.ts";
import { groupDocument, groupList, legacyVersions, resourceList, versionInfo } from "./discovery.ts";
import { kubeconfigYaml } from "./kubeconfig.ts";
import { LiveCluster } from "./liveCluster.ts";
import { startLiveControllers, type LiveControllerSet } from "./liveControllers.ts";
import { DEFAULT_MAX_BODY_BYTES } from "./requestBodyReader.ts";
import { ResourceCatalog } from "./resourceCatalog.ts";
import { handleResource } from "./resourceHandler.ts";
import { sendOpenApi } from "./openApi.ts";
import { parseApiPath } from "./resourcePath.ts";
import { selfSignedCertificate, type ServingCertificate } from "./servingCertificate.ts";
import { notServed, sendError, sendJson } from "./statusResponse.ts";
import type { OpenWatch } from "./watchStream.ts";

/** Options of `startApiServer`. */
export interface ApiServerOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Objects in the cluster at start (a multi-document YAML loaded with `loadStateFile`, say). */
  objects?: readonly KubeObject[];
  /** Kind facts for custom kinds not defined by a CustomResourceDefinition among `objects`. */
  kinds?: KindRegistry;
  /** The bearer token clients must send; a random one by default. */
  token?: string;
  /** The clock of creation and deletion timestamps and table ages (default: the wall clock). */
  now?: () => Date;
  /** Largest accepted request body in bytes (default 3 MiB, the real server's limit); larger is 413. */
  maxBodyBytes?: number;
  /** How many change events a watch can resume from (default 100,000); older resourceVersions get 410. */
  watchHistory?: number;
  /** How often watches that allow bookmarks get one, in ms (default 60,000). */
  bookmarkIntervalMs?: number;
  /** The TLS certificate and key (PEM); a fresh self-signed one for 127.0.0.1 by default. */
  certificate?: ServingCertificate;
  /** `"builtin"` runs the garbage collector and the built-in controllers live (default `"none"`). */
  controllers?: LiveControllerSet;
  /** Told of controller failures (with `controllers: "builtin"`). */
  onWarning?: (message: string) => void;
}

/** A running server. */
export interface ApiServer {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** A kubeconfig (YAML) with the server, its certificate, the token and a `kamera` context. */
  readonly kubeconfig: string;
  /** The server's certificate (PEM), its own certificate authority. */
  readonly certificate: string;
  /** The bearer token. */
  readonly token: string;
  /** The cluster state: current world, revision, watches' events. */
  readonly cluster: LiveCluster;
  /** Resolves when the live controllers have nothing left to do (at once without controllers). */
  settled(): Promise<void>;
  /** Stops the controllers, ends every watch, stops listening and closes every connection. */
  close(): Promise<void>;
}

const DEFAULT_WATCH_HISTORY = 100_000;
const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;
const HEALTH_PATHS = new Set(["/healthz", "/livez", "/readyz"]);

/**
 * Serves a simulated cluster over HTTPS in the Kubernetes REST shape, on 127.0.0.1 only, for
 * kubectl, client-go, `@kubernetes/client-node` and any other client: discovery, CRUD, patches,
 * subresources, lists with selectors and paging, watches, Status errors. Every request needs the
 * bearer token of the returned kubeconfig (401 otherwise). Writes follow the same rules as inside
 * an exploration (docs/apiserver.md), and what the HTTP layer adds is in its "HTTP" section.
 *
 * @example
 * ```ts
 * const server = await startApiServer({ port: 0 });
 * await writeFile("kubeconfig", server.kubeconfig);   // KUBECONFIG=kubeconfig kubectl get pods
 * // ...
 * await server.close();
 * ```
 */
export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new KameraError(`startApiServer: port must be an integer from 0 to 65535, got ${JSON.stringify(options.port)}`);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const token = options.token ?? newBearerToken();
  if (token === "" || /\s/.test(token)) throw new KameraError("startApiServer: the token must be a non-empty string without whitespace");
  const now = options.now ?? (() => new Date());
  const kinds = options.kinds ?? new KindRegistry();
  const hasher = await loadHasher();
  const { world, meta } = seedWorld(kinds, options.objects ?? [], hasher, now());
  const cluster = new LiveCluster({
    kinds,
    catalog: new ResourceCatalog(),
    world,
    meta,
    hasher,
    now,
    historyLimit: options.watchHistory ?? DEFAULT_WATCH_HISTORY,
  });
  const set = options.controllers ?? "none";
  if (set !== "none" && set !== "builtin") throw new KameraError(`startApiServer: controllers must be "none" or "builtin", got ${JSON.stringify(set)}`);
  const controllers = set === "builtin" ? startLiveControllers(cluster, set, options.onWarning ? { onWarning: options.onWarning } : {}) : undefined;
  const watches = new Set<OpenWatch>();
  const ctx = { cluster, maxBodyBytes, bookmarkIntervalMs: options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS, watches, now };
  let serverAddress = "127.0.0.1:0";

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    checkBearerToken(req, token);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (HEALTH_PATHS.has(path)) {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("ok");
      return;
    }
    if (path === "/version") return sendJson(res, 200, versionInfo());
    if (sendOpenApi(res, path)) return;
    const parsed = parseApiPath(path);
    if (parsed === undefined) throw notServed();
    if (parsed.type === "resource") {
      return handleResource(req, res, parsed, url.searchParams, ctx);
    }
    if (req.method !== "GET") throw new ApiError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${req.method} ${path})`);
    let doc: Record<string, unknown> | undefined;
    switch (parsed.type) {
      case "legacyVersions":
        doc = legacyVersions(serverAddress);
        break;
      case "groupList":
        doc = groupList(cluster.catalog);
        break;
      case "group":
        doc = groupDocument(cluster.catalog, parsed.group);
        break;
      case "resourceList":
        doc = resourceList(cluster.catalog, cluster.world, parsed.group, parsed.version);
        break;
    }
    if (doc === undefined) throw notServed();
    sendJson(res, 200, doc);
  };

  const tls = options.certificate ?? selfSignedCertificate();
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        // A watch already streaming cannot change its status: end it (the client re-watches).
        res.end();
        return;
      }
      sendError(res, e);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "EADDRINUSE" ? new KameraError(`port ${port} on 127.0.0.1 is in use: choose another with --port, or 0 for a free one`) : e),
    );
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  serverAddress = `127.0.0.1:${bound}`;
  const url = `https://127.0.0.1:${bound}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    kubeconfig: kubeconfigYaml(url, token, tls.cert),
    certificate: tls.cert,
    token,
    cluster,
    settled() {
      return controllers?.idle() ?? Promise.resolve();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        controllers?.stop();
        for (const w of [...watches]) w.end();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
