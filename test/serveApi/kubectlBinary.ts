import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";

/**
 * The kubectl the tests drive: `$KAMERA_KUBECTL`, else `kubectl` on the PATH, or `undefined`
 * when there is none (the suites then skip, saying how to install it).
 */
export function findKubectl(): string | undefined {
  const candidate = process.env.KAMERA_KUBECTL || "kubectl";
  const probe = spawnSync(candidate, ["version", "--client"], { encoding: "utf8", timeout: 20_000 });
  return probe.status === 0 ? candidate : undefined;
}

/** How to get a kubectl, for the line a skipped suite prints. */
export const INSTALL_KUBECTL = "no kubectl found: install Debian's kubectl (apt-get install kubernetes-client) or set KAMERA_KUBECTL=/path/to/kubectl";

/** The result of one kubectl run. */
export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs kubectl asynchronously (the server is in this process, so a synchronous run would block
 * it) with `KUBECONFIG` set (and `env`), feeding `stdin` if given.
 */
export function kubectl(bin: string, kubeconfig: string, args: string[], stdin?: string, env: Record<string, string> = {}): Promise<KubectlRun> {
  return new Promise((resolve) => {
    const child = execFile(bin, args, { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: process.env.HOME ?? "/tmp", ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    else child.stdin!.end();
  });
}

/** A long-running kubectl (e.g. `get --watch`): its output so far, and `until` to wait for a condition on it. */
export interface KubectlProcess {
  readonly child: ChildProcess;
  output(): string;
  until(pred: (out: string) => boolean): Promise<void>;
  stop(): void;
}

/** Starts kubectl in the background. */
export function kubectlBackground(bin: string, kubeconfig: string, args: string[]): KubectlProcess {
  const child = spawn(bin, args, { env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on("data", (c: Buffer) => {
    out += c.toString("utf8");
    wake();
  });
  child.stderr!.on("data", (c: Buffer) => {
    out += c.toString("utf8");
    wake();
  });
  child.on("exit", wake);
  return {
    child,
    output: () => out,
    until(pred) {
      return new Promise((done, fail) => {
        const check = () => {
          if (pred(out)) done();
          else if (child.exitCode !== null) fail(new Error(`kubectl ${args.join(" ")} exited (${child.exitCode}) before the expected output; it printed:\n${out}`));
          else waiters.push(check);
        };
        check();
      });
    },
    stop() {
      child.kill();
    },
  };
}
