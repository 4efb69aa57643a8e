import { InvalidArgumentError, type Command } from "commander";
import { serveNatsShards } from "../parallel/natsShardWorker.ts";
import type { ProgramContext } from "./programContext.ts";
import { natsUrl } from "./runFlags.ts";
import { explorerOfJob } from "./shardScenario.ts";

/**
 * Registers `kamera worker --nats <url>`: a worker process of `kamera explore … --nats <url>
 * --workers N`. It takes one shard at a time from the server, loads the shard's scenario (a
 * bundled name, or a module path that must exist on this machine too), explores it and waits for
 * the next, until Ctrl-C or `--jobs` shards.
 *
 * @example
 * ```ts
 * addWorkerCommand(program, { io, cwd: process.cwd(), setExitCode: (c) => (process.exitCode = c) });
 * ```
 */
export function addWorkerCommand(program: Command, ctx: ProgramContext): Command {
  const { io } = ctx;
  const cmd = program
    .command("worker")
    .description("explore shards of `kamera explore … --nats <url>` runs, taken from a NATS server")
    .requiredOption("--nats <url>", "the NATS server, e.g. nats://127.0.0.1:4222", natsUrl)
    .option("--jobs <n>", "exit after <n> shards (default: serve until stopped; a Kubernetes Job's pod takes 1)", (v: string) => {
      if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError("Expected a positive integer.");
      return Number(v);
    })
    .showHelpAfterError("(run 'kamera worker --help' for usage)");
  cmd.addHelpText(
    "after",
    [
      "",
      "Each worker takes one shard at a time. A scenario module is loaded from the path the",
      "coordinator gives (absolute): it must exist at that path on this machine too.",
      "",
      "Examples:",
      "  kamera worker --nats nats://127.0.0.1:4222 &   # three times, then:",
      "  kamera explore knative-serving --nats nats://127.0.0.1:4222 --workers 3 --no-interactive",
    ].join("\n"),
  );
  cmd.action(async (opts: { nats: string; jobs?: number }) => {
    const stop = new AbortController();
    const unsubscribe = io.onInterrupt(() => stop.abort());
    try {
      await serveNatsShards(opts.nats, (job) => explorerOfJob(job, ctx.cwd), {
        jobs: opts.jobs,
        signal: stop.signal,
        log: (line) => io.stderr.write(`kamera worker: ${line}\n`),
      });
    } finally {
      unsubscribe();
    }
  });
  return cmd;
}
