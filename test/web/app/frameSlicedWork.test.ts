import { describe, expect, it } from "vitest";
import { FrameSlicedWork } from "../../../src/inspect/web/app/frameSlicedWork.ts";

/** A clock moved by hand and frames run by hand, so slices are checked without a browser. */
function harness(sliceMs: number) {
  let now = 0;
  const frames: (() => void)[] = [];
  const work = new FrameSlicedWork(
    sliceMs,
    (run) => {
      frames.push(run);
      return () => frames.splice(frames.indexOf(run), 1);
    },
    () => now,
  );
  return {
    work,
    tick: (ms: number) => (now += ms),
    frames,
    nextFrame: () => frames.shift()!(),
  };
}

/** Work of `n` steps of `ms` each, recording which steps ran. */
function steps(n: number, ms: number, tick: (ms: number) => void) {
  const ran: number[] = [];
  return {
    ran,
    step: () => {
      ran.push(ran.length);
      tick(ms);
      return ran.length < n;
    },
  };
}

describe("FrameSlicedWork", () => {
  it("runs work that fits in one slice at once, done before start returns", () => {
    const h = harness(50);
    const job = steps(4, 10, h.tick);
    let done = 0;
    h.work.start(job.step, () => done++);
    expect(job.ran).toEqual([0, 1, 2, 3]);
    expect(done).toBe(1);
    expect(h.work.pending).toBe(false);
    expect(h.frames).toHaveLength(0);
  });

  it("ends a slice once it has run its time budget and goes on after the next frame", () => {
    const h = harness(50);
    const job = steps(12, 20, h.tick);
    let done = 0;
    h.work.start(job.step, () => done++);
    // 20 + 20 + 20 ms: the third step passes the 50 ms budget, the rest waits for a frame.
    expect(job.ran).toHaveLength(3);
    expect(h.work.pending).toBe(true);
    h.nextFrame();
    expect(job.ran).toHaveLength(6);
    h.nextFrame();
    h.nextFrame();
    expect(job.ran).toHaveLength(12);
    expect(done).toBe(1);
    expect(h.work.pending).toBe(false);
    expect(h.frames).toHaveLength(0);
  });

  it("lets newer work supersede pending work, whose steps and done never run", () => {
    const h = harness(50);
    const old = steps(10, 30, h.tick);
    const newer = steps(2, 1, h.tick);
    const done: string[] = [];
    h.work.start(old.step, () => done.push("old"));
    expect(old.ran).toHaveLength(2);
    h.work.start(newer.step, () => done.push("newer"));
    expect(h.frames).toHaveLength(0);
    expect(old.ran).toHaveLength(2);
    expect(newer.ran).toHaveLength(2);
    expect(done).toEqual(["newer"]);
  });

  it("drops pending steps on cancel", () => {
    const h = harness(50);
    const job = steps(10, 30, h.tick);
    let done = 0;
    h.work.start(job.step, () => done++);
    h.work.cancel();
    expect(h.work.pending).toBe(false);
    expect(h.frames).toHaveLength(0);
    expect(job.ran).toHaveLength(2);
    expect(done).toBe(0);
  });
});
