import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import type { CliIO } from "./cliIO.ts";
import { givenFile } from "./givenFile.ts";
import { UsageError } from "./usageError.ts";
import { KameraError } from "../kameraError.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { startApiServer } from "../serveApi/apiServer.ts";
import { CRD_KIND } from "../serveApi/liveCluster.ts";
import type { LiveControllerSet } from "../serveApi/liveControllers.ts";
import { loadStateFile, saveStateFile } from "../serveApi/stateFile.ts";

/** What `serve-api` needs from the program around it. */
export interface ServeApiContext {
  io: CliIO;
  cwd: string;
}

const HELP = "kamera serve-api --help";

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError("Expected a TCP port, 0 to 65535 (0 picks a free one).");
  return n;
}

function controllerSet(value: string): LiveControllerSet {
  if (value !== "none" && value !== "builtin") throw new InvalidArgumentError('Expected "none" or "builtin".');
  return value;
}

async function objectsFrom(cwd: string, state: string | undefined, kinds: string | undefined): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  if (kinds !== undefined) {
    const crds = await loadStateFile(await givenFile(kinds, cwd, { flag: "--kinds", expected: "a YAML file of CustomResourceDefinitions", help: HELP }));
    crds.forEach((o, i) => {
      if (`${o.apiVersion?.split("/")[0]}/${o.kind}` !== CRD_KIND) {
        throw new UsageError(`--kinds ${kinds}: object ${i + 1} is a ${o.apiVersion}/${o.kind}; the file must hold CustomResourceDefinitions (apiextensions.k8s.io/v1)`, HELP);
      }
    });
    out.push(...crds);
  }
  if (state !== undefined) out.push(...(await loadStateFile(await givenFile(state, cwd, { flag: "--state", expected: "a manifest or a dump file", help: HELP }))));
  return out;
}

/**
 * Registers `kamera serve-api`: serve a simulated cluster to kubectl and other clients until
 * Ctrl-C, optionally seeded from a manifest or a dump, with the built-in controllers running
 * live, and saved on exit.
 *
 * @example
 * ```ts
 * addServeApiCommand(program, { io, cwd: process.cwd() });
 * ```
 */
export function addServeApiCommand(program: Command, ctx: ServeApiContext): Command {
  const { io } = ctx;
  const cmd = program
    .command("serve-api")
    .description("serve a simulated cluster over HTTPS on 127.0.0.1 for kubectl and any Kubernetes client")
    .option("--port <n>", "port to listen on (default: a free one)", port)
    .option("--state <file>", "start from these objects: a multi-document YAML/JSON manifest, or a dump (its first converged state)")
    .option("--kinds <file>", "CustomResourceDefinitions to serve from the start (YAML)")
    .option("--controllers <set>", 'run controllers live: "none" (default) or "builtin" (garbage collector, Deployment, ReplicaSet, pods, ...)', controllerSet)
    .option("--save <file>", "on exit (Ctrl-C), write every object to this YAML file (for `kamera explore --from`)")
    .option("--kubeconfig <file>", "where to write the kubeconfig (default: a file in the temporary directory, removed on exit)")
    .showHelpAfterError(`(run '${HELP}' for usage)`);
  cmd.addHelpText(
    "after",
    [
      "",
      "Every request needs the bearer token in the kubeconfig; the server's self-signed certificate is",
      "pinned there too. Ctrl-C stops the server (and saves with --save).",
      "",
      "Examples:",
      "  kamera serve-api --controllers builtin",
      "  kamera serve-api --state world.yaml --save world.yaml --port 6443",
    ].join("\n"),
  );
  cmd.action(async (opts: { port?: number; state?: string; kinds?: string; controllers?: LiveControllerSet; save?: string; kubeconfig?: string }) => {
    const objects = await objectsFrom(ctx.cwd, opts.state, opts.kinds);
    const server = await startApiServer({
      port: opts.port ?? 0,
      objects,
      controllers: opts.controllers ?? "none",
      onWarning: (m) => io.stderr.write(`kamera serve-api: ${m}\n`),
    });
    const ownFile = opts.kubeconfig === undefined;
    const kubeconfigPath = opts.kubeconfig !== undefined ? resolve(ctx.cwd, opts.kubeconfig) : join(tmpdir(), `kamera-${new URL(server.url).port}.kubeconfig`);
    try {
      await writeFile(kubeconfigPath, server.kubeconfig, { mode: 0o600 });
    } catch (e) {
      await server.close();
      throw new KameraError(`cannot write the kubeconfig to ${kubeconfigPath}: ${(e as Error).message}`);
    }
    io.stdout.write(
      [
        `serving ${server.url}${opts.controllers === "builtin" ? " with the built-in controllers" : ""}`,
        `kubeconfig: ${kubeconfigPath}`,
        "",
        `  export KUBECONFIG=${kubeconfigPath}`,
        "  kubectl get all -A",
        "",
        `Ctrl-C stops${opts.save ? ` and saves to ${opts.save}` : ""}.`,
        "",
      ].join("\n"),
    );
    await new Promise<void>((done) => {
      const off = io.onInterrupt(() => {
        off();
        done();
      });
    });
    try {
      if (opts.save !== undefined) {
        await server.settled();
        const file = resolve(ctx.cwd, opts.save);
        await saveStateFile(file, server.cluster.world.all());
        io.stdout.write(`saved ${server.cluster.world.size} objects to ${opts.save}\n`);
      }
    } finally {
      await server.close();
      if (ownFile) await rm(kubeconfigPath, { force: true });
    }
  });
  return cmd;
}
