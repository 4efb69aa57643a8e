import { describe, expect, test } from "vitest";
import { shardOptionsOf } from "../../src/parallel/parallelExploration.ts";
import { ShardExplorer, type ShardLink } from "../../src/parallel/shardExplorer.ts";
import { ownerOf, type ToWorker } from "../../src/parallel/shardMessages.ts";
import { recreationScenario } from "./fixtures/recreationScenario.ts";

/**
 * Runs the shard that owns the initial state alone, the other shard played by the test: it never
 * answers, and its flag in `waiting` says whatever the test sets. Returns what the shard sent,
 * in order ("states" to the other shard, "idle" to the coordinator), up to its first idle report.
 */
async function runOwner(otherWaits: boolean): Promise<{ log: string[]; statesSent: number }> {
  const { builder, initial } = recreationScenario(3);
  const explorer = builder.build();
  const single = await explorer.explore(initial, { reduction: "none" });
  const shard = ownerOf(Number.parseInt(single.graph.stateId(0).slice(-8), 16), 2);
  const waiting = new Int32Array(2);
  waiting[1 - shard] = otherWaits ? 1 : 0;
  const log: string[] = [];
  let statesSent = 0;
  let handler: (msg: ToWorker) => void = () => undefined;
  const link: ShardLink = {
    shard,
    workers: 2,
    keepsEarlyMessages: true,
    waiting,
    toShard(to, msg) {
      expect(to).toBe(1 - shard);
      log.push("states");
      statesSent += msg.states.length;
    },
    toCoordinator(msg) {
      if (msg.type === "status" && msg.wave < 0 && msg.idle && !log.includes("idle")) {
        log.push("idle");
        queueMicrotask(() => {
          handler({ type: "finish" });
          handler({ type: "release" });
        });
      }
    },
    listen(h) {
      handler = h;
    },
  };
  await new ShardExplorer(explorer.config, initial, shardOptionsOf(explorer, {}), link).run();
  return { log, statesSent };
}

describe("a shard with nothing to expand is fed at once (worker threads share a waiting flag per shard)", () => {
  test("while the other shard waits, its states leave after each expansion that made some, not in one batch when this shard runs out", async () => {
    const fed = await runOwner(true);
    const batched = await runOwner(false);
    // The same states cross either way; only how they are grouped into messages differs.
    expect(fed.statesSent).toBe(batched.statesSent);
    expect(fed.log.at(-1)).toBe("idle");
    // Without a waiting peer, a run this small (well under the 20-ms flush interval) sends one batch.
    expect(fed.log.filter((e) => e === "states").length).toBeGreaterThan(1);
  });
});
