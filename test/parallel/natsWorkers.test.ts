import { afterAll, beforeAll, describe, expect, test } from "vitest";
import "../../examples/index.ts";
import { exploreScenario, exploreWithWorkers } from "../../src/cli/exploreScenario.ts";
import { KameraError } from "../../src/kameraError.ts";
import { NATS_MISSING, startKameraWorker, startNatsServer } from "./natsServer.ts";
import { resultShape } from "./sameResult.ts";

if (NATS_MISSING) console.warn(NATS_MISSING);

async function explorerOf(name: string) {
  const { findScenario } = await import("../../examples/index.ts");
  const { builder, initial, options } = findScenario(name)!.build();
  return { explorer: builder.build(), initial, options };
}

describe.skipIf(NATS_MISSING !== undefined)("exploring with kamera worker processes over NATS", () => {
  let server: Awaited<ReturnType<typeof startNatsServer>>;
  const workers: Awaited<ReturnType<typeof startKameraWorker>>[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    for (let i = 0; i < 3; i++) workers.push(await startKameraWorker(server.url));
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) await w.stop();
    await server?.stop();
  });

  for (const name of ["mode-flip", "job-deleted-pod-uncounted"]) {
    test(`${name}: three worker processes give the single-worker result`, async () => {
      // Without reduction, as workers explore when none is asked for.
      const one = resultShape(await exploreScenario(name, { workers: 1, reduction: "none" }));
      const { explorer, initial, options } = await explorerOf(name);
      const three = await exploreWithWorkers(explorer, initial, { ...options, workers: 3 }, name, [], server.url);
      expect(resultShape(three)).toEqual(one);
    }, 120_000);
  }

  test("a scenario that deletes and recreates objects: three worker processes give the single-worker result, without the server-bookkeeping warning", async () => {
    const module = new URL("./fixtures/recreationScenario.ts", import.meta.url).pathname;
    const one = resultShape(await exploreScenario(module, { workers: 1, reduction: "none" }));
    const { scenario } = await import("./fixtures/recreationScenario.ts");
    const { builder, initial } = scenario.build();
    const three = await exploreWithWorkers(builder.build(), initial, { workers: 3 }, module, [], server.url);
    expect(three.warnings.filter((w) => w.includes("server bookkeeping"))).toEqual([]);
    expect(resultShape(three)).toEqual(one);
  }, 120_000);

  test("killing a worker process mid-run fails the exploration with an error naming the lost worker (no hang, no partial result)", async () => {
    const { explorer, initial } = await explorerOf("knative-serving");
    // The full Knative space runs for minutes: long enough to kill a worker in the middle.
    const run = exploreWithWorkers(explorer, initial, { workers: 3, reduceNoOps: false, memoizeReconciles: false }, "knative-serving", [], server.url);
    run.catch(() => undefined);
    const victim = workers[1]!;
    for (let i = 0; i < 600 && !victim.log().includes("took shard"); i++) await new Promise((r) => setTimeout(r, 100));
    expect(victim.log()).toContain("took shard");
    await new Promise((r) => setTimeout(r, 1000));
    await victim.stop();
    await expect(run).rejects.toThrow(KameraError);
    await expect(run).rejects.toThrow(/worker \d was lost before the exploration ended \(no message from it for \d+ s: its process died or lost its connection/);
  }, 120_000);
});

describe("kamera explore --nats without a server", () => {
  test("an unreachable NATS server is a clear error naming the URL", async () => {
    const { explorer, initial } = await explorerOf("trivial");
    await expect(exploreWithWorkers(explorer, initial, { workers: 2 }, "trivial", [], "nats://127.0.0.1:1")).rejects.toThrow(/cannot reach the NATS server at nats:\/\/127\.0\.0\.1:1/);
  }, 30_000);
});
