// Every BullMQ action through its ops (jobs, pause, queueRateLimit), read back from Redis with BullMQ's own API.
import { Job, type Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobProgressSink } from "@/server/brokers/ops/jobs";
import type { BullJobOps } from "@/server/brokers/bullmq/job-ops";
import { createBullmqAdapter, type BullmqAdapter } from "@/server/brokers/bullmq/adapter";
import { bullQueueId } from "@/server/brokers/bullmq/map";
import { BullFixture, poll } from "../support/bullmq";

const fx = new BullFixture();
let adapter: BullmqAdapter;
let ops: BullJobOps; // one object serves the jobs, pause and queueRateLimit capabilities

/** A queue whose jobs all failed (or completed), by a real worker that is then closed. */
async function finishedQueue(name: string, n: number, fail: boolean): Promise<Queue> {
  const q = fx.queue(name);
  await q.addBulk(Array.from({ length: n }, (_, i) => ({ name: "job", data: { i } })));
  const w = fx.worker(name, async () => {
    if (fail) throw new Error("nope");
    return "ok";
  }, { concurrency: 50 });
  await poll(`${n} jobs finished in ${name}`, async () => ((await q.getJobCountByTypes(fail ? "failed" : "completed")) === n ? true : undefined));
  await w.close();
  return q;
}

function sink(onUpdate?: (done: number) => void): JobProgressSink & { seen: { done?: number; total?: number }[]; controller: AbortController } {
  const controller = new AbortController();
  const seen: { done?: number; total?: number }[] = [];
  return {
    seen,
    controller,
    signal: controller.signal,
    update(p) {
      seen.push(p);
      if (p.done !== undefined) onUpdate?.(p.done);
    },
  };
}

beforeAll(() => {
  adapter = createBullmqAdapter({ id: `t-${fx.prefix}`, kind: "bullmq", name: "test", redisUrl: fx.url, prefix: fx.prefix });
  ops = adapter.ops.jobs;
});

afterAll(async () => {
  await adapter?.close();
  await fx.cleanup();
});

describe("single jobs", () => {
  it("retries a failed job, removes one, promotes a delayed one", async () => {
    const q = await finishedQueue("single", 3, true);
    const id = bullQueueId("single");
    const [a, b] = await q.getFailed(0, 1);
    expect(await ops.retryJob(id, a!.id!)).toEqual({ retried: 1 });
    expect(await q.getJobState(a!.id!)).toBe("waiting");
    await expect(ops.retryJob(id, a!.id!)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("is waiting") });

    expect(await ops.removeJob(id, b!.id!)).toEqual({ removed: 1 });
    expect(await Job.fromId(q, b!.id!)).toBeUndefined();
    await expect(ops.removeJob(id, b!.id!)).rejects.toMatchObject({ code: "not_found" });

    const d = await q.add("later", {}, { delay: 3_600_000 });
    await expect(ops.promoteJob(id, a!.id!)).rejects.toMatchObject({ code: "conflict" });
    expect(await ops.promoteJob(id, d.id!)).toEqual({ promoted: 1 });
    expect(await q.getJobState(d.id!)).toBe("waiting");
  });
});

describe("queue actions", () => {
  it("pauses and resumes", async () => {
    const q = fx.queue("pausable");
    await q.add("x", {});
    const id = bullQueueId("pausable");
    await ops.pause(id);
    expect(await q.isPaused()).toBe(true);
    await ops.resume(id);
    expect(await q.isPaused()).toBe(false);
  });

  it("sets and removes the global rate limit and concurrency", async () => {
    const q = fx.queue("limits");
    await q.add("x", {});
    const id = bullQueueId("limits");
    expect(await ops.setRateLimit(id, 7, 2500)).toEqual({ max: 7, durationMs: 2500 });
    expect(await q.getGlobalRateLimit()).toEqual({ max: 7, duration: 2500 });
    await ops.removeRateLimit(id);
    expect(await q.getGlobalRateLimit()).toBeNull();
    await ops.setConcurrency(id, 3);
    expect(await q.getGlobalConcurrency()).toBe(3);
    await ops.removeConcurrency(id);
    expect(await q.getGlobalConcurrency()).toBeNull();
  });

  it("promotes all delayed jobs and drains waiting and delayed", async () => {
    const q = fx.queue("drainable");
    await q.pause();
    await q.addBulk(Array.from({ length: 30 }, (_, i) => ({ name: "d", data: { i }, opts: { delay: 3_600_000 } })));
    const id = bullQueueId("drainable");
    expect(await ops.promoteAll(id)).toEqual({ promoted: 30 });
    expect(await q.getJobCounts("delayed", "waiting")).toEqual({ delayed: 0, waiting: 30 });

    await q.addBulk(Array.from({ length: 5 }, (_, i) => ({ name: "d", data: { i }, opts: { delay: 3_600_000 } })));
    await q.add("p", {}, { priority: 3 });
    expect(await ops.drain(id, false)).toEqual({ removed: 31 });
    expect(await q.getJobCounts("delayed", "waiting", "prioritized")).toEqual({ delayed: 5, waiting: 0, prioritized: 0 });
    expect(await ops.drain(id, true)).toEqual({ removed: 5 });
    expect(await q.getDelayedCount()).toBe(0);
  });

  it("cleans completed jobs older than an age and keeps newer ones", async () => {
    const q = await finishedQueue("cleanable", 1200, false);
    const id = bullQueueId("cleanable");
    expect(await ops.clean(id, "completed", 3_600_000)).toEqual({ removed: 0 });
    await new Promise((r) => setTimeout(r, 20));
    expect(await ops.clean(id, "completed", 10)).toEqual({ removed: 1200 });
    expect(await q.getCompletedCount()).toBe(0);
  });

  it("refuses to obliterate while a job is active, unless forced", async () => {
    const q = fx.queue("doomed");
    await q.addBulk([{ name: "slow", data: {} }, { name: "waiting", data: {} }]);
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    fx.worker("doomed", () => hold, { concurrency: 1 });
    await poll("a job to be active", async () => ((await q.getActiveCount()) === 1 ? true : undefined));
    const id = bullQueueId("doomed");
    await expect(ops.obliterate(id, false)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("1 active job") });
    expect(await q.getJobCountByTypes("active", "waiting")).toBe(2);
    expect(await ops.obliterate(id, true)).toEqual({ jobs: 2, active: 1 });
    expect(await fx.connection.exists(`${fx.prefix}:doomed:meta`)).toBe(0);
    expect(await q.getJobCountByTypes("active", "waiting", "completed", "failed")).toBe(0);
    await expect(ops.pause(id)).rejects.toMatchObject({ code: "not_found" });
    release();
  });
});

describe("retry all", () => {
  it("retries every failed job in batches with exact progress", async () => {
    const q = await finishedQueue("retry-all", 2500, true);
    const s = sink();
    expect(await ops.retryAll(bullQueueId("retry-all"), "failed", s)).toEqual({ total: 2500, retried: 2500 });
    expect(s.seen[0]).toEqual({ total: 2500 });
    // One update per batch of 1000, the last one complete.
    expect(s.seen.slice(1).map((p) => p.done)).toEqual([1000, 2000, 2500]);
    expect(await q.getJobCounts("failed", "waiting")).toEqual({ failed: 0, waiting: 2500 });
    const job = (await q.getJobs(["waiting"], 0, 0))[0]!;
    expect(job.failedReason).toBeUndefined();
  });

  it("stops between batches when cancelled", async () => {
    const q = await finishedQueue("retry-cancel", 3500, true);
    const s = sink((done) => {
      if (done >= 1000) s.controller.abort();
    });
    const r = await ops.retryAll(bullQueueId("retry-cancel"), "failed", s);
    // The batch already queued behind the first one still runs; nothing after it.
    expect(r.total).toBe(3500);
    expect([1000, 2000]).toContain(r.retried);
    expect(r.notRetried).toBe(3500 - r.retried!);
    expect(await q.getJobCounts("failed", "waiting")).toEqual({ failed: 3500 - r.retried!, waiting: r.retried });
  });

  it("retries completed jobs too", async () => {
    const q = await finishedQueue("retry-completed", 10, false);
    expect(await ops.retryAll(bullQueueId("retry-completed"), "completed", sink())).toEqual({ total: 10, retried: 10 });
    expect(await q.getJobCounts("completed", "waiting")).toEqual({ completed: 0, waiting: 10 });
  });
});

describe("ids that name other keys of the queue", () => {
  it("are not jobs: not found, and nothing of the queue is touched", async () => {
    const q = fx.queue("keys");
    await q.add("x", {});
    const id = bullQueueId("keys");
    for (const fake of ["meta", "id", "events", "1:logs"]) {
      expect(await ops.getJob(id, fake)).toBeUndefined();
      await expect(ops.removeJob(id, fake)).rejects.toMatchObject({ code: "not_found" });
      await expect(ops.retryJob(id, fake)).rejects.toMatchObject({ code: "not_found" });
      await expect(ops.cancelJob(id, fake)).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await fx.connection.exists(`${fx.prefix}:keys:meta`, `${fx.prefix}:keys:id`)).toBe(2);
    expect(await q.getWaitingCount()).toBe(1);
  });
});
