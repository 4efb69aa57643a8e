import { describe, expect, test } from "vitest";
import type { ExploreOptions } from "../../src/explore/exploreOptions.ts";
import { ReplayModel } from "../../src/parallel/replayModel.ts";
import { ShardCoordinator, type WorkerPool } from "../../src/parallel/shardCoordinator.ts";
import type { ControlMessage, StatusMessage, ToCoordinator } from "../../src/parallel/shardMessages.ts";
import { scenario } from "../../examples/trivial/scenario.ts";

/**
 * A coordinator of two workers whose messages the test writes: what it decides does not depend
 * on how fast any worker is. The messages are handed to it synchronously, so no timer of its can
 * run in between unless the test awaits.
 */
function scripted(opts: ExploreOptions, startedAt = performance.now()) {
  const sent: ControlMessage[] = [];
  let deliver: (msg: ToCoordinator) => void = () => undefined;
  const pool: WorkerPool = {
    size: 2,
    send: (shard, msg) => void (shard === 0 && sent.push(msg)),
    listen: (onMessage) => void (deliver = onMessage),
    close: async () => undefined,
  };
  const { builder, initial } = scenario.build();
  const coordinator = new ShardCoordinator(pool, new ReplayModel(builder.build().config, initial, 2, startedAt), opts, startedAt);
  const status = (from: number, fields: Partial<StatusMessage> = {}): StatusMessage => ({
    type: "status",
    from,
    idle: true,
    sent: 0,
    received: 0,
    states: 3,
    expanded: 3,
    transitions: 3,
    wave: -1,
    ...fields,
  });
  const all = (msg: (from: number) => ToCoordinator) => {
    deliver(msg(0));
    deliver(msg(1));
  };
  return { coordinator, sent: () => sent.map((m) => m.type), messages: sent, deliver: (msg: ToCoordinator) => deliver(msg), all, status };
}

/** Blocks this thread (timers cannot run) until `ms` have passed. */
function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() <= until);
}

describe("the coordinator's bounds", () => {
  test("workers that are all ready after the deadline are stopped, not let go: a timeout of 0 ms stops them before its timer runs", async () => {
    const c = scripted({ timeoutMs: 0 });
    busyWait(1);
    c.all((from) => ({ type: "ready", from }));
    expect(c.sent()).toEqual(["stop"]);
    c.all((from) => ({ type: "searched", from }));
    await expect(c.coordinator.searched()).resolves.toEqual({ complete: false, stopReason: "timeout" });
    c.coordinator.cleanup();
  });

  test("a search found over after the deadline, before the timer ran, is stopped by the timeout instead of finished", async () => {
    const c = scripted({ timeoutMs: 20 });
    c.all((from) => ({ type: "ready", from }));
    c.all((from) => c.status(from));
    expect(c.sent()).toEqual(["go", "probe"]);
    busyWait(25);
    c.all((from) => c.status(from, { wave: 1 }));
    expect(c.sent()).toEqual(["go", "probe", "stop"]);
    c.all((from) => ({ type: "searched", from }));
    await expect(c.coordinator.searched()).resolves.toEqual({ complete: false, stopReason: "timeout" });
    c.coordinator.cleanup();
  });

  test("a search found over before the deadline finishes complete", async () => {
    const c = scripted({ timeoutMs: 60_000 });
    c.all((from) => ({ type: "ready", from }));
    c.all((from) => c.status(from));
    c.all((from) => c.status(from, { wave: 1 }));
    expect(c.sent()).toEqual(["go", "probe", "finish"]);
    c.all((from) => ({ type: "searched", from }));
    await expect(c.coordinator.searched()).resolves.toEqual({ complete: true });
    c.coordinator.cleanup();
  });

  test("the timeout counts from the start, not from when the workers are ready: its timer stops workers that are slow to start", async () => {
    const c = scripted({ timeoutMs: 10 });
    await new Promise((r) => setTimeout(r, 30));
    expect(c.sent()).toEqual(["stop"]);
    c.all((from) => ({ type: "ready", from }));
    expect(c.sent()).toEqual(["stop"]);
    c.all((from) => ({ type: "searched", from }));
    await expect(c.coordinator.searched()).resolves.toEqual({ complete: false, stopReason: "timeout" });
    c.coordinator.cleanup();
  });

  test("reports that add up to maxStates stop the workers between states (the bound is checked between states, as with one worker); the timeout stops them at once", async () => {
    const bound = scripted({ maxStates: 5 });
    bound.all((from) => ({ type: "ready", from }));
    bound.deliver(bound.status(0, { idle: false, states: 3 }));
    expect(bound.sent()).toEqual(["go"]);
    bound.deliver(bound.status(1, { idle: false, states: 2 }));
    expect(bound.messages.at(-1)).toEqual({ type: "stop", betweenStates: true });
    bound.all((from) => ({ type: "searched", from }));
    await expect(bound.coordinator.searched()).resolves.toEqual({ complete: false, stopReason: "maxStates" });
    bound.coordinator.cleanup();

    const timeout = scripted({ timeoutMs: 0 });
    busyWait(1);
    timeout.all((from) => ({ type: "ready", from }));
    expect(timeout.messages).toEqual([{ type: "stop" }]);
    timeout.coordinator.cleanup();
  });
});
