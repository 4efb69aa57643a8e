import { describe, expect, test } from "vitest";
import { shardOptionsOf } from "../../src/parallel/parallelExploration.ts";
import { ShardExplorer, type ShardLink } from "../../src/parallel/shardExplorer.ts";
import { ownerOf, type ToCoordinator, type ToWorker } from "../../src/parallel/shardMessages.ts";
import { recreationScenario } from "./fixtures/recreationScenario.ts";

/** The shard owning the initial state, alone (the other never answers), on a link that keeps early messages or not. */
async function ownerShard(keepsEarlyMessages: boolean) {
  const { builder, initial } = recreationScenario(2);
  const explorer = builder.build();
  const single = await explorer.explore(initial, { reduction: "none" });
  const shard = ownerOf(Number.parseInt(single.graph.stateId(0).slice(-8), 16), 2);
  const said: ToCoordinator[] = [];
  let handler: (msg: ToWorker) => void = () => undefined;
  const link: ShardLink = {
    shard,
    workers: 2,
    keepsEarlyMessages,
    toShard: () => undefined,
    toCoordinator: (msg) => void said.push(msg),
    listen: (h) => void (handler = h),
  };
  const running = new ShardExplorer(explorer.config, initial, shardOptionsOf(explorer, {}), link).run();
  const idle = () => said.some((m) => m.type === "status" && m.idle);
  const settle = async () => {
    for (let i = 0; i < 50 && !idle(); i++) await new Promise((r) => setImmediate(r));
  };
  const end = async () => {
    handler({ type: "finish" });
    handler({ type: "release" });
    await running;
  };
  return { said, idle, settle, end, send: (msg: ToWorker) => handler(msg) };
}

describe("when a shard starts exploring", () => {
  test("on a link that keeps messages sent before its receiver listens (worker threads), a shard explores as soon as it is ready, without go", async () => {
    const s = await ownerShard(true);
    await s.settle();
    expect(s.said[0]?.type).toBe("ready");
    expect(s.idle()).toBe(true);
    expect(s.said.some((m) => m.type === "status" && m.expanded > 0)).toBe(true);
    await s.end();
  });

  test("otherwise (NATS, where such a message is lost) it waits for go before it explores", async () => {
    const s = await ownerShard(false);
    await s.settle();
    expect(s.said.map((m) => m.type)).toEqual(["ready"]);
    s.send({ type: "go" });
    await s.settle();
    expect(s.idle()).toBe(true);
    await s.end();
  });
});
