import { describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import type { Schedule } from "../../src/explore/schedule.ts";
import { pathToSchedule } from "../../src/explore/schedule.ts";
import { formatSchedule, parseSchedule } from "../../src/explore/scheduleText.ts";

const schedule: Schedule = [
  { reconcilerId: "Spawner", request: { namespace: "default", name: "foo" } },
  { reconcilerId: "ZookeeperReconciler", request: { namespace: "default", name: "zk" }, staleView: { "zookeeper.pravega.io/ZookeeperCluster": 5, "core/PersistentVolumeClaim": 2 } },
  { reconcilerId: "Cluster Scoped", request: { namespace: "", name: "node-1" }, choices: [{ label: "replicas", index: 1 }, { label: "a label = with # and \"quotes\"", index: 0 }] },
];

describe("the schedule text form", () => {
  it("writes one step per line after the version line, stale kinds in kind order", () => {
    expect(formatSchedule(schedule)).toBe(
      [
        "kamera-schedule 1",
        "Spawner default/foo",
        "ZookeeperReconciler default/zk stale core/PersistentVolumeClaim@2 stale zookeeper.pravega.io/ZookeeperCluster@5",
        '"Cluster Scoped" node-1 choose replicas=1 choose "a label = with # and \\"quotes\\"=0"',
        "",
      ].join("\n"),
    );
  });

  it("reads back what it writes", () => {
    expect(parseSchedule(formatSchedule(schedule))).toEqual(schedule);
  });

  it("ignores comments and blank lines", () => {
    expect(parseSchedule("# found by kamera\n\nkamera-schedule 1\n  Spawner default/foo   # the first run\n")).toEqual([schedule[0]]);
  });

  it("names the line of a mistake, with the source", () => {
    const cases: [string, RegExp][] = [
      ["Spawner default/foo\n", /^bug\.schedule:1: expected the version line "kamera-schedule 1"/],
      ["kamera-schedule 2\n", /^bug\.schedule:1: unsupported schedule version "2"/],
      ["kamera-schedule 1\nSpawner\n", /^bug\.schedule:2: expected "<reconciler> <namespace>\/<name>"/],
      ["kamera-schedule 1\nSpawner default/foo stal core/Pod@1\n", /^bug\.schedule:2: expected "stale <kind>@<revision>" or "choose <label>=<index>", got "stal"/],
      ["kamera-schedule 1\n\nSpawner default/foo stale core/Pod\n", /^bug\.schedule:3: expected "stale <kind>@<revision>", got "stale core\/Pod"/],
      ["kamera-schedule 1\nSpawner default/foo choose replicas=x\n", /^bug\.schedule:2: expected "choose <label>=<index>"/],
      ['kamera-schedule 1\n"Spawner default/foo\n', /^bug\.schedule:2: unterminated string starting at column 1/],
      ["kamera-schedule 1\nSpawner default/\n", /^bug\.schedule:2: the request "default\/" has no name/],
      ["\n# nothing\n", /^bug\.schedule: empty: a schedule starts with the line "kamera-schedule 1"/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseSchedule(text, "bug.schedule"), text).toThrow(KameraError);
      expect(() => parseSchedule(text, "bug.schedule"), text).toThrow(message);
    }
  });

  it("a path's steps become schedule steps: choices split at their last '=', no internal ids kept", () => {
    const step = { reconcilerId: "R", request: { namespace: "ns", name: "n" }, effects: [], choices: ["mode=a=1"], staleView: { "core/Pod": 4 }, stateBefore: "0", stateAfter: "1" };
    expect(pathToSchedule([step])).toEqual([{ reconcilerId: "R", request: { namespace: "ns", name: "n" }, staleView: { "core/Pod": 4 }, choices: [{ label: "mode=a", index: 1 }] }]);
  });
});
