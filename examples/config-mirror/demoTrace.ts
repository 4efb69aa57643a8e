// `npm run demo:trace`: record a live controller against `kamera serve-api`, read the trace with
// its lenses, and explore every interleaving from the last event.
//   1. start `kamera serve-api` (a process);
//   2. start the mirror controller (a process) with tracing on, through client-node;
//   3. apply a ConfigMap with kubectl (client-node when kubectl is not installed), then change it;
//   4. print the trace's lenses (`kamera trace`) and explore from its last event
//      (`kamera explore config-mirror --from-trace ... --at -1`).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const kameraBin = join(root, "bin", "kamera.js");
const dir = await mkdtemp(join(tmpdir(), "kamera-trace-demo-"));
const kubeconfig = join(dir, "kubeconfig");
const trace = join(dir, "trace.jsonl");

/** Resolves with the first line of `child`'s stdout that matches. */
function lineOf(child: ChildProcess, match: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const line = text.split("\n").find((l) => match.test(l));
      if (line !== undefined) {
        child.stdout!.off("data", onData);
        resolve(line);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`process exited (${code}) before printing ${match}`)));
  });
}

function step(text: string): void {
  process.stdout.write(`\n### ${text}\n`);
}

step("starting kamera serve-api");
const server = spawn(process.execPath, [kameraBin, "serve-api", "--kubeconfig", kubeconfig], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
process.stdout.write(`${await lineOf(server, /^serving /)}\n`);

step("starting the mirror controller, traced to " + trace);
const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
const controller = spawn(process.execPath, [tsx, join(root, "examples", "config-mirror", "mirrorProcess.ts"), kubeconfig, trace], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
await lineOf(controller, /^started$/);

const kc = new KubeConfig();
kc.loadFromString(await readFile(kubeconfig, "utf8"));
const api = KubernetesObjectApi.makeApiClient(kc);
const manifest = (greeting: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: default\ndata:\n  greeting: ${greeting}\n`;
const hasKubectl = spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status === 0;

async function apply(greeting: string): Promise<void> {
  if (hasKubectl) {
    const r = spawnSync("kubectl", ["--kubeconfig", kubeconfig, "apply", "-f", "-"], { input: manifest(greeting), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
    process.stdout.write(`kubectl apply: ${r.stdout}`);
    return;
  }
  const spec = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web", namespace: "default" }, data: { greeting } };
  try {
    const cur = (await api.read(spec as never)) as unknown as typeof spec;
    await api.replace({ ...cur, data: { greeting } } as never);
  } catch {
    await api.create(spec as never);
  }
  process.stdout.write(`client-node (kubectl is not installed): configmap/web greeting=${greeting}\n`);
}

/** Waits until the mirror holds `greeting` and the controller's queue is empty. */
async function settled(greeting: string): Promise<void> {
  const spec = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web-mirror", namespace: "default" } };
  for (;;) {
    const mirror = (await api.read(spec as never).catch(() => undefined)) as unknown as { data?: { greeting?: string } } | undefined;
    if (mirror?.data?.greeting === greeting) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  controller.stdin!.write("?\n");
  await lineOf(controller, /^idle$/);
}

step(`applying objects with ${hasKubectl ? "kubectl" : "client-node"}`);
await apply("hello");
await settled("hello");
await apply("bonjour");
await settled("bonjour");

step("stopping the controller and the server");
const controllerExit = new Promise((r) => controller.once("exit", r));
controller.kill("SIGTERM");
await controllerExit;
const serverExit = new Promise((r) => server.once("exit", r));
server.kill("SIGINT");
await serverExit;

step(`kamera trace ${trace}`);
spawnSync(process.execPath, [kameraBin, "trace", trace, "--no-interactive"], { cwd: root, stdio: "inherit" });

step(`kamera explore config-mirror --from-trace ${trace} --at -1`);
spawnSync(process.execPath, [kameraBin, "explore", "config-mirror", "--from-trace", trace, "--at", "-1", "--no-interactive"], { cwd: root, stdio: "inherit" });
process.stdout.write(`\nThe trace is kept in ${trace}; browse it with: kamera trace ${trace} (in the terminal) or kamera trace ${trace} --web (in the browser)\n`);
