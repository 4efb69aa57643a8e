import { Worker, type WorkerOptions } from "node:worker_threads";

/** Node options that load modules or register module hooks before the entry: `--import x`, `-r x`, `--loader=x`… */
const PRELOADING = new Set(["--import", "--require", "-r", "--loader", "--experimental-loader"]);

/**
 * The Node options a worker thread starts with. A thread inherits its process's, which from the
 * TypeScript sources include tsx's preload and module hooks; a thread running the compiled copy
 * (see threadModule.ts) needs neither, and they cost it a tenth of a second of start-up (every
 * import goes through the hooks). So a compiled thread starts without the options that preload
 * modules; it keeps every other option. Otherwise (the package's JavaScript, or tsx in the
 * thread) the process's options are inherited as they are.
 */
export function threadExecArgv(compiled: boolean, args: readonly string[]): { execArgv?: string[] } {
  if (!compiled) return {};
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    if (PRELOADING.has(eq < 0 ? arg : arg.slice(0, eq))) {
      if (eq < 0) i++; // the value is the next argument
      continue;
    }
    out.push(arg);
  }
  return { execArgv: out };
}

/**
 * Starts a worker thread on `url` with the options `threadExecArgv` chooses from `args` (the
 * process's). Node refuses, in a thread's own options, those that act on the whole process: V8's
 * (`--max-old-space-size`, `--single-threaded-gc`) and a few of its own (`--title`). The thread
 * has their effect anyway, being in the process, but Node publishes no list of them to filter
 * by. So when it refuses the chosen options the thread inherits the process's as they are, which
 * Node always accepts: module preloads included, a slower start for the same run.
 *
 * @example
 * ```ts
 * const module = await threadModule(entry, preload);
 * const worker = startThread(module.url, { workerData }, module.compiled);
 * ```
 */
export function startThread(url: URL, options: WorkerOptions, compiled: boolean, args: readonly string[] = process.execArgv): Worker {
  const chosen = threadExecArgv(compiled, args);
  if (chosen.execArgv === undefined) return new Worker(url, options);
  try {
    return new Worker(url, { ...options, ...chosen });
  } catch (e) {
    // Thrown by the constructor before the thread starts or anything in the transfer list moves.
    if ((e as NodeJS.ErrnoException).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw e;
    return new Worker(url, options);
  }
}
