import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** Debian's nats-server (installed by .ci/run); KAMERA_TEST_NATS_SERVER names another one. */
const CANDIDATES = [process.env.KAMERA_TEST_NATS_SERVER, "/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"].filter((p) => p !== undefined);
export const NATS_SERVER = CANDIDATES.find((p) => existsSync(p));

/** Why the NATS tests cannot run here, or undefined when they can. */
export const NATS_MISSING = NATS_SERVER ? undefined : `NATS worker tests skipped: no nats-server at ${CANDIDATES.join(" or ")}; install it to run them (apt-get install nats-server)`;

// CI installs nats-server and sets KAMERA_REQUIRE_NATS, so a failed install cannot pass as a skip.
if (NATS_MISSING && process.env.KAMERA_REQUIRE_NATS) throw new Error(`KAMERA_REQUIRE_NATS is set but ${NATS_MISSING}`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** A nats-server on loopback, on a free port. */
export async function startNatsServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(NATS_SERVER!, ["-a", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  for (let i = 0; i < 200 && !(await accepts(port)); i++) await new Promise((r) => setTimeout(r, 50));
  return { url: `nats://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

const KAMERA = fileURLToPath(new URL("../../bin/kamera.js", import.meta.url));

/** A `kamera worker --nats <url>` process; resolves once it waits for shards. */
export async function startKameraWorker(url: string): Promise<{ child: ChildProcess; log(): string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [KAMERA, "worker", "--nats", url], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      log += chunk.toString("utf8");
      if (log.includes("waiting for shards")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`kamera worker exited with ${code} before waiting for shards:\n${log}`)));
  });
  return { child, log: () => log, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}
