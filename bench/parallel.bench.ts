import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { scenario } from "../examples/knative-serving/scenario.ts";
import { exploreWithWorkers } from "../src/cli/exploreScenario.ts";
import type { ExploreOutcome } from "../src/explore/explorer.ts";
import type { ExploreOptions } from "../src/explore/exploreOptions.ts";
import { startThread } from "../src/parallel/threadExecArgv.ts";
import { threadModule } from "../src/parallel/threadModule.ts";
import type { CopyAnswer, CopyJob } from "./parallelCopyThread.ts";

/** The workers load the scenario's module itself (not every bundled example): less to load in each thread. */
const SCENARIO_MODULE = fileURLToPath(new URL("../examples/knative-serving/scenario.ts", import.meta.url));
/** Worker threads of the parallel run (default 2, the cores of the machine the target is set for). */
const WORKERS = Number(process.env.KAMERA_BENCH_WORKERS ?? 2);
/** `KAMERA_BENCH_PARALLEL_REDUCED=1` explores the reduced space (reduceNoOps) instead: a quick check, not the target. */
const REDUCED = process.env.KAMERA_BENCH_PARALLEL_REDUCED === "1";
/**
 * The depth bound (default 12: 10,272 states, 38,837 transitions, every one a reconcile run).
 * `KAMERA_BENCH_PARALLEL_DEPTH=full` explores the whole space (766,165 states, 5.58M reconciles:
 * minutes per run on a quiet machine, hours on a loaded one).
 */
const DEPTH = process.env.KAMERA_BENCH_PARALLEL_DEPTH ?? "12";
/** The wall-clock budget of one reconcile: generous, so that a stall on a shared machine does not cut one off. */
const RECONCILE_TIMEOUT_MS = 120_000;
/**
 * `KAMERA_BENCH_PARALLEL_COPIES=0` skips the machine's ceiling (independent copies at once, see
 * `measureCopies`): each copy does the whole search, so it doubles a round's time and memory.
 */
const COPIES = process.env.KAMERA_BENCH_PARALLEL_COPIES !== "0";
/** Rounds of (1 worker, N workers), alternated so that both see the same load; medians are reported. */
const ROUNDS = Number(process.env.KAMERA_BENCH_PARALLEL_ROUNDS ?? 3);

interface Measurement {
  workers: number;
  result: ExploreOutcome;
  totalMs: number;
  /** CPU time of the process, every thread included (user + system). */
  cpuMs: number;
  /** When the coordinator's replay of the workers' expansions began (parallel runs; ms from the start). */
  replayFromMs?: number;
  /** CPU time by thread (scheduler accounting; undefined where /proc is not there). */
  threads?: ThreadCpu;
}

/** CPU ms of this thread (the coordinator's), of the worker threads, and of every other thread (V8's compiler and garbage-collection helpers, libuv's pool). */
interface ThreadCpu {
  main: number;
  workers: number;
  others: number;
}

/** CPU ms per thread id of this process, from /proc/self/task (Linux); undefined elsewhere. */
function taskCpu(): Map<string, number> | undefined {
  try {
    const out = new Map<string, number>();
    for (const tid of readdirSync("/proc/self/task")) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // utime and stime, in clock ticks (USER_HZ, 100 on Linux).
        out.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
      } catch {
        // The thread ended between the listing and the read: its time is in the last snapshot.
      }
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Each thread's latest time in either snapshot (a thread that ended keeps its last). */
function latest(a: Map<string, number> | undefined, b: Map<string, number> | undefined): Map<string, number> | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const out = new Map(a);
  for (const [tid, ms] of b) out.set(tid, Math.max(ms, out.get(tid) ?? 0));
  return out;
}

/**
 * Splits the CPU time between two snapshots by thread: the main thread (tid = pid), threads that
 * did not exist at `before` (the worker threads; their time as of `last`, taken while they still
 * ran, since they end before the run returns), and the rest.
 */
function threadCpu(before: Map<string, number>, last: Map<string, number>, after: Map<string, number>): ThreadCpu {
  const main = String(process.pid);
  const out: ThreadCpu = { main: 0, workers: 0, others: 0 };
  for (const tid of new Set([...last.keys(), ...after.keys()])) {
    const spent = Math.max(after.get(tid) ?? 0, last.get(tid) ?? 0) - (before.get(tid) ?? 0);
    if (tid === main) out.main += spent;
    else if (before.has(tid)) out.others += spent;
    else out.workers += spent;
  }
  return out;
}

async function measure(workers: number, opts: ExploreOptions): Promise<Measurement> {
  const { builder, initial } = scenario.build();
  const explorer = builder.build();
  const t0 = performance.now();
  let replayAt: number | undefined;
  // A parallel run's observers see the states as the coordinator replays them, after the search: the first one marks the replay's start.
  const observers = workers > 1 ? [{ state: () => void (replayAt ??= performance.now()) }] : [];
  const tasks0 = taskCpu();
  let lastTasks = tasks0;
  // Progress comes while the workers run (the last time while the search ends, their threads still there) and once after the replay.
  const onProgress = workers > 1 && tasks0 !== undefined ? () => void (lastTasks = latest(lastTasks, taskCpu())) : undefined;
  const cpu0 = process.cpuUsage();
  const result = await exploreWithWorkers(explorer, initial, { ...opts, workers, observers, ...(onProgress ? { onProgress } : {}) }, SCENARIO_MODULE, []);
  const cpu = process.cpuUsage(cpu0);
  const m: Measurement = { workers, result, totalMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
  const tasks1 = taskCpu();
  if (tasks0 !== undefined && lastTasks !== undefined && tasks1 !== undefined) m.threads = threadCpu(tasks0, lastTasks, tasks1);
  if (replayAt !== undefined) m.replayFromMs = replayAt - t0;
  return m;
}

/**
 * The machine's own ceiling for this workload: `workers` independent single-worker explorations
 * of the same space at once, laid out as the parallel run is (one in this thread, the others in
 * worker threads started together), with no message between them. Each does the whole search, so
 * `workers` × (1-worker time) / (time until every copy is done) is the throughput these cores give
 * this workload when nothing is shared: contention for caches and memory, and each isolate's own
 * compiler and collector threads, included. A parallel run can only approach it.
 */
async function measureCopies(workers: number, opts: ExploreOptions, expected: ExploreOutcome): Promise<{ totalMs: number; cpuMs: number }> {
  const scenarioUrl = pathToFileURL(SCENARIO_MODULE).href;
  const module = await threadModule(new URL("./parallelCopyThread.ts", import.meta.url), [scenarioUrl]);
  const { builder, initial } = scenario.build();
  const explorer = builder.build();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const copies = Array.from(
    { length: workers - 1 },
    () =>
      new Promise<CopyAnswer>((resolve, reject) => {
        const job: CopyJob = { scenario: module.moduleUrl(scenarioUrl), options: opts };
        const thread = startThread(module.url, { workerData: job }, module.compiled);
        thread.once("message", (answer: CopyAnswer) => {
          resolve(answer);
          void thread.terminate();
        });
        thread.once("error", reject);
        // Without this a copy whose thread ended without answering would leave the benchmark waiting for ever (after an answer it settles nothing).
        thread.once("exit", (code) => reject(new Error(`a copy's thread exited with code ${code} before it answered`)));
      }),
  );
  const mine = await explorer.explore(initial, opts);
  const answers = await Promise.all(copies);
  const cpu = process.cpuUsage(cpu0);
  const totalMs = performance.now() - t0;
  for (const a of [{ states: mine.stats.uniqueStates, transitions: mine.stats.transitions, complete: mine.complete }, ...answers]) {
    if ("failed" in a) throw new Error(`a copy failed: ${a.failed}`);
    if (a.states !== expected.stats.uniqueStates || a.transitions !== expected.stats.transitions || a.complete !== expected.complete) {
      throw new Error(`a copy found ${a.states} states and ${a.transitions} transitions, the 1-worker run ${expected.stats.uniqueStates} and ${expected.stats.transitions}`);
    }
  }
  return { totalMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function line(m: Measurement): string {
  const s = m.result.stats;
  return (
    `${`${m.workers} worker${m.workers === 1 ? "" : "s"}`.padEnd(10)} | ${String(s.uniqueStates).padStart(7)} states  ${String(s.transitions).padStart(8)} transitions  ` +
    `${String(s.reconcilesExecuted).padStart(8)} reconciles run  ${((s.transitions / m.totalMs) * 1000).toFixed(0).padStart(7)} transitions/s | ` +
    `${(m.totalMs / 1000).toFixed(2)} s end to end, ${(m.cpuMs / 1000).toFixed(2)} CPU s` +
    (m.replayFromMs === undefined ? "" : ` (start-up + search ${(m.replayFromMs / 1000).toFixed(2)} s, replay ${((m.totalMs - m.replayFromMs) / 1000).toFixed(2)} s)`) +
    (m.threads === undefined
      ? ""
      : ` | CPU s by thread: main ${(m.threads.main / 1000).toFixed(2)}${m.workers > 1 ? `, worker thread${m.workers > 2 ? "s" : ""} ${(m.threads.workers / 1000).toFixed(2)}` : ""}, V8/libuv helpers ${(m.threads.others / 1000).toFixed(2)}`) +
    ` | load ${loadText()}${m.result.complete ? "" : " | INCOMPLETE"}` +
    resultWarnings(m.result)
  );
}

/**
 * The result's warnings that say it may not be the graph another run finds: reconciles cut off by
 * the wall-clock budget, states a worker expanded with other server bookkeeping than one worker keeps.
 */
function resultWarnings(r: ExploreOutcome): string {
  return r.warnings
    .filter((w) => w.includes("reconcileTimeoutMs") || w.includes("server bookkeeping"))
    .map((w) => `\n  WARNING: ${w}`)
    .join("");
}

/** Whether two results have the same states in the same order, the same edges and the same path counts. */
function sameGraph(a: ExploreOutcome, b: ExploreOutcome): string | undefined {
  const ga = a.graph;
  const gb = b.graph;
  if (ga.stateCount() !== gb.stateCount()) return `${ga.stateCount()} vs ${gb.stateCount()} states`;
  if (ga.edgeCount() !== gb.edgeCount()) return `${ga.edgeCount()} vs ${gb.edgeCount()} edges`;
  for (let s = 0; s < ga.stateCount(); s++) if (ga.stateId(s) !== gb.stateId(s)) return `state ${s} is ${ga.stateId(s)} vs ${gb.stateId(s)}`;
  for (let e = 0; e < ga.edgeCount(); e++) {
    const [f1, t1] = ga.edge(e);
    const [f2, t2] = gb.edge(e);
    if (f1 !== f2 || t1 !== t2) return `edge ${e} is ${f1}->${t1} vs ${f2}->${t2}`;
  }
  const pa = ga.pathCounts().counts;
  const pb = gb.pathCounts().counts;
  for (let s = 0; s < pa.length; s++) if (pa[s] !== pb[s]) return `path count of state ${s}: ${pa[s]} vs ${pb[s]}`;
  return undefined;
}

/** What is wrong with the benchmark's environment settings, before anything runs (a bad number would otherwise surface deep inside the explorer, or as NaN medians). */
function settingsProblem(): string | undefined {
  const whole = (v: number, least: number) => Number.isInteger(v) && v >= least;
  if (DEPTH !== "full" && !/^\d+$/.test(DEPTH)) return `KAMERA_BENCH_PARALLEL_DEPTH must be a whole number of steps or "full", got "${DEPTH}"`;
  if (!whole(WORKERS, 2)) return `KAMERA_BENCH_WORKERS must be a whole number of at least 2, got "${process.env.KAMERA_BENCH_WORKERS}"`;
  if (!whole(ROUNDS, 1)) return `KAMERA_BENCH_PARALLEL_ROUNDS must be a whole number of at least 1, got "${process.env.KAMERA_BENCH_PARALLEL_ROUNDS}"`;
  const copies = process.env.KAMERA_BENCH_PARALLEL_COPIES;
  if (copies !== undefined && copies !== "0" && copies !== "1") return `KAMERA_BENCH_PARALLEL_COPIES must be 0 (skip the machine's ceiling) or 1, got "${copies}"`;
  return undefined;
}

function loadText(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Explores the Knative Serving space without reduction and with memoization off (every reconcile
 * runs), to depth 12 unless `KAMERA_BENCH_PARALLEL_DEPTH` says otherwise, with one worker and
 * with `KAMERA_BENCH_WORKERS` worker threads (default 2), alternated for `KAMERA_BENCH_PARALLEL_ROUNDS`
 * rounds (default 3), checks that both give the same graph (ids, edges, path counts), and prints the
 * median speed-up with the load average (other processes on the machine take cores from the workers).
 * Each round also times as many independent single-worker copies at once (`measureCopies`): the
 * speed-up these cores allow this workload with nothing shared, against which the parallel run's
 * own is read.
 */
export async function run(): Promise<void> {
  const wrong = settingsProblem();
  if (wrong !== undefined) {
    console.error(`parallel: ${wrong}`);
    process.exitCode = 2;
    return;
  }
  // Knative's reconciles never hang; a loaded machine can stall one past the default 5 s wall-clock
  // budget, and its step would become an error (a different graph, not a slower run).
  const opts: ExploreOptions = { reduceNoOps: REDUCED, memoizeReconciles: false, reconcileTimeoutMs: RECONCILE_TIMEOUT_MS };
  if (DEPTH !== "full") opts.maxDepth = Number(DEPTH);
  const space = `${REDUCED ? "reduced (reduceNoOps)" : "full"} space${DEPTH === "full" ? "" : ` to depth ${DEPTH}`}`;
  console.log(`parallel: Knative Serving ${space}, memoization off: 1 worker vs ${WORKERS} worker threads, ${ROUNDS} round${ROUNDS === 1 ? "" : "s"} alternated`);
  console.log(`  (${WORKERS} workers = the coordinator's thread exploring shard 0 plus ${WORKERS - 1} worker thread${WORKERS === 2 ? "" : "s"}; the 1-worker run is the ordinary single-threaded search)`);
  console.log(`  load average (1, 5, 15 min) before: ${loadText()}; ${cpus().length} cores`);
  const wall: number[] = [];
  const cpu: number[] = [];
  /** The most the parallel run's CPU time allows: on C cores it takes at least its CPU time / C. */
  const ceiling: number[] = [];
  /** The machine's: `measureCopies`. */
  const machine: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const one = await measure(1, opts);
    console.log(line(one));
    const many = await measure(WORKERS, opts);
    console.log(line(many));
    const differs = sameGraph(one.result, many.result);
    if (differs) {
      console.log(`RESULTS DIFFER: ${differs}`);
      process.exitCode = 1;
      return;
    }
    wall.push(one.totalMs / many.totalMs);
    cpu.push(many.cpuMs / one.cpuMs);
    ceiling.push(one.totalMs / (many.cpuMs / Math.min(WORKERS, cpus().length)));
    let ceilingText = "";
    if (COPIES) {
      const copies = await measureCopies(WORKERS, opts, one.result);
      machine.push((WORKERS * one.totalMs) / copies.totalMs);
      console.log(
        `${`${WORKERS} copies`.padEnd(10)} | ${WORKERS} independent 1-worker runs at once: ${(copies.totalMs / 1000).toFixed(2)} s until the last is done, ${(copies.cpuMs / 1000).toFixed(2)} CPU s | load ${loadText()}`,
      );
      ceilingText = `; the machine's ceiling ${machine.at(-1)!.toFixed(2)}x (${WORKERS} x 1-worker time / ${WORKERS} copies' time)`;
    }
    console.log(`  round ${round + 1}: same graph (state ids, edges, path counts); speed-up ${wall.at(-1)!.toFixed(2)}x end to end, CPU time ${cpu.at(-1)!.toFixed(2)}x${ceilingText}`);
  }
  console.log(`load average after: ${loadText()}`);
  console.log(`speed-up ${WORKERS} workers / 1 worker, median of ${ROUNDS}: ${median(wall).toFixed(2)}x end to end (target 1.6x with 2 workers on 2 cores; meaningful only when the load average stayed well under the number of cores)`);
  // On a shared machine the wall-clock ratio depends on what else runs; CPU time says what the parallel run costs.
  console.log(`CPU time ${WORKERS} workers / 1 worker, median: ${median(cpu).toFixed(2)}x (1.00x would be no overhead; ${WORKERS} workers can reach ${WORKERS}x speed-up only near 1.00x)`);
  // The 1-worker run's helper threads (V8's compiler and collector) use the second core already; the parallel run's threads share both.
  console.log(`ceiling: 1-worker end to end / (${WORKERS}-worker CPU time / ${Math.min(WORKERS, cpus().length)} cores), median: ${median(ceiling).toFixed(2)}x (no schedule of the parallel run's CPU time on these cores is faster)`);
  // Independent copies share nothing but the machine: their throughput is what these cores give this workload at most.
  if (machine.length === 0) return;
  const share = wall.map((w, i) => w / machine[i]!);
  console.log(
    `machine ceiling: ${WORKERS} independent copies at once, median: ${median(machine).toFixed(2)}x of one alone; the parallel run reaches ${(median(share) * 100).toFixed(0)}% of it (median of rounds)`,
  );
}
