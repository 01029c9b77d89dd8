// Job browsing and job detail through the BullMQ adapter's JobOps, against real Redis and real
// workers; every answer is checked against what BullMQ's own API reads back.
import { FlowProducer, Job, type Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobOps } from "@/server/brokers/ops/jobs";
import { createBullmqAdapter, type BullmqAdapter } from "@/server/brokers/bullmq/adapter";
import { bullQueueId } from "@/server/brokers/bullmq/map";
import type { BullQueueDetailDto, JobSummaryDto } from "@/lib/bullmq";
import { BullFixture, poll } from "../support/bullmq";

const fx = new BullFixture();
// Spaces and non-ASCII letters: the opaque id must carry them through every call.
const NAME = "Aufträge für Kunden ü";
const QID = bullQueueId(NAME);
let queue: Queue;
let adapter: BullmqAdapter;
let ops: JobOps;
let bigId: string;
let parentId: string;

beforeAll(async () => {
  queue = fx.queue(NAME);
  await queue.addBulk(Array.from({ length: 12 }, (_, i) => ({ name: "send", data: { i, fail: true, user: { id: i } }, opts: { attempts: 2 } })));
  await queue.add("report", { fail: false, user: { id: 99 } });
  fx.worker(
    NAME,
    async (job) => {
      await job.log(`started ${job.id}`);
      await job.updateProgress({ step: 1 });
      if (job.data.fail) throw new Error(`smtp down for ${job.data.i}`);
      return { sent: true };
    },
    { concurrency: 4, metrics: { maxDataPoints: 60 }, name: "mailer-1" },
  );
  await poll("the worker to finish", async () => {
    const c = await queue.getJobCounts("failed", "completed");
    return c.failed === 12 && c.completed === 1 ? c : undefined;
  });
  // A 5 MB job, added while the worker runs would process it: pause first so it stays waiting.
  await queue.pause();
  bigId = (await queue.add("big", { blob: "x".repeat(5 * 1024 * 1024) })).id!;
  await queue.add("later", { n: 1 }, { delay: 3_600_000, jobId: "delayed-1" });
  const flow = await new FlowProducer({ connection: fx.connection, prefix: fx.prefix }).add({
    name: "parent",
    queueName: NAME,
    data: { kind: "parent" },
    children: [
      { name: "child", queueName: NAME, data: { n: 1 } },
      { name: "child", queueName: NAME, data: { n: 2 } },
    ],
  });
  parentId = flow.job.id!;
  adapter = createBullmqAdapter({ id: `t-${fx.prefix}`, kind: "bullmq", name: "test", redisUrl: fx.url, prefix: fx.prefix });
  ops = adapter.ops.jobs;
}, 60_000);

afterAll(async () => {
  await adapter?.close();
  await fx.cleanup();
});

describe("job pages", () => {
  it("pages failed jobs newest first with a cursor, each job exactly once", async () => {
    const seen: JobSummaryDto[] = [];
    let cursor: string | undefined;
    do {
      const page = await ops.listJobs(QID, { state: "failed", limit: 5, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(12);
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen.map((j) => j.id)).size).toBe(12);
    const finished = seen.map((j) => j.finishedOn!);
    expect([...finished].sort((a, b) => b - a)).toEqual(finished);
    // Same ids, same order as BullMQ's own newest-first getFailed.
    const own = await queue.getFailed(0, 11);
    expect(seen.map((j) => j.id)).toEqual(own.map((j) => j.id));
    expect(seen[0]).toMatchObject({ state: "failed", name: "send", attemptsMade: 2, attempts: 2, failedReason: expect.stringMatching(/^smtp down for \d+$/) });
  });

  it("lists waiting, delayed, waiting-children and completed", async () => {
    const waiting = await ops.listJobs(QID, { state: "waiting", limit: 10 });
    expect(waiting.items.map((j) => j.name)).toEqual(["child", "child", "big"]);
    expect((await ops.listJobs(QID, { state: "delayed", limit: 10 })).items).toMatchObject([{ id: "delayed-1", delayMs: 3_600_000 }]);
    expect((await ops.listJobs(QID, { state: "waiting-children", limit: 10 })).items).toMatchObject([{ id: parentId, name: "parent" }]);
    expect((await ops.listJobs(QID, { state: "completed", limit: 10 })).items).toMatchObject([{ name: "report", progress: { step: 1 } }]);
  });

  it("refuses a cursor it did not give out and an unknown queue", async () => {
    await expect(ops.listJobs(QID, { state: "failed", limit: 5, cursor: "bm9wZQ" })).rejects.toMatchObject({ code: "invalid" });
    await expect(ops.listJobs(bullQueueId("nope"), { state: "failed", limit: 5 })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("job detail", () => {
  it("has data, options, attempts, timings, stack, logs and progress", async () => {
    const [failed] = await queue.getFailed(0, 0);
    const d = (await ops.getJob(QID, failed!.id!))!;
    expect(d).toMatchObject({
      id: failed!.id,
      name: "send",
      state: "failed",
      attemptsMade: 2,
      attempts: 2,
      timestamp: failed!.timestamp,
      processedOn: failed!.processedOn,
      finishedOn: failed!.finishedOn,
      failedReason: failed!.failedReason,
      progress: { step: 1 },
      processedBy: "mailer-1",
      returnvalue: null,
      parent: null,
    });
    expect(JSON.parse(d.data.text)).toEqual(failed!.data);
    expect(d.data).toMatchObject({ encoding: "json", truncated: false });
    expect(JSON.parse(d.opts.text)).toMatchObject({ attempts: 2 });
    expect(d.stacktrace.length).toBeGreaterThan(0);
    expect(d.stacktrace[0]).toContain("smtp down");
    expect(d.logs.count).toBe(2);
    expect(d.logs.items).toEqual([`started ${failed!.id}`, `started ${failed!.id}`]);
    expect(d.runMs).toBe(failed!.finishedOn! - failed!.processedOn!);
    expect(d.waitMs).toBeGreaterThanOrEqual(0);
  });

  it("cuts a 5 MB payload at 64 KiB and reports its real size", async () => {
    const d = (await ops.getJob(QID, bigId))!;
    const stored = (await queue.getJob(bigId))!;
    expect(d.data.truncated).toBe(true);
    expect(d.data.size).toBe(Buffer.byteLength(JSON.stringify(stored.data)));
    expect(d.data.size).toBeGreaterThan(5 * 1024 * 1024);
    expect(d.data.text.length).toBeLessThanOrEqual(64 * 1024);
    // A page never carries the payload.
    const page = await ops.listJobs(QID, { state: "waiting", limit: 10 });
    expect(JSON.stringify(page).length).toBeLessThan(5000);
  });

  it("links parents and children of a flow", async () => {
    const parent = (await ops.getJob(QID, parentId))!;
    expect(parent.state).toBe("waiting-children");
    expect(parent.children.pendingCount).toBe(2);
    expect(parent.children.pending.map((c) => c.queueId)).toEqual([QID, QID]);
    const childIds = (await queue.getDependencies(parentId, "pending", 0, -1)).items.map((i) => i.id.split(":").pop());
    expect(parent.children.pending.map((c) => c.id).sort()).toEqual(childIds.sort());
    const child = (await ops.getJob(QID, parent.children.pending[0]!.id))!;
    expect(child.parent).toEqual({ queue: NAME, queueId: QID, id: parentId });
  });

  it("is undefined for a job that does not exist", async () => {
    expect(await ops.getJob(QID, "no-such-job")).toBeUndefined();
    expect(await Job.fromId(queue, "no-such-job")).toBeUndefined();
  });
});

describe("queue detail", () => {
  it("reads the queue live with its workers", async () => {
    const d = (await adapter.queueDetail!(QID)) as BullQueueDetailDto;
    expect(d).toMatchObject({ id: QID, name: NAME, paused: true, workers: 1 });
    expect(d.counts).toEqual(await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed"));
    expect(d.workerList).toEqual([{ name: "mailer-1", addr: expect.stringMatching(/^127\.0\.0\.1:\d+$/), ageSec: expect.any(Number), idleSec: expect.any(Number) }]);
    expect(await adapter.queueDetail!(bullQueueId("nope"))).toBeUndefined();
  });
});

describe("throughput", () => {
  it("uses BullMQ's metrics when the workers record them, and percentiles of recent jobs", async () => {
    const now = Date.now();
    const t = await ops.throughput(QID, { from: now - 10 * 60_000, to: now + 60_000 }, async () => ({ completed: [], failed: [] }));
    expect(t.basis).toBe("bullmq-metrics");
    const sum = (ps: { v: number }[]) => ps.reduce((a, p) => a + p.v, 0);
    const own = await queue.getMetrics("completed");
    expect(sum(t.completed)).toBe(own.meta.count);
    expect(sum(t.failed)).toBe((await queue.getMetrics("failed")).meta.count);
    expect(sum(t.failed)).toBeGreaterThanOrEqual(12);
    expect(t.latency.sample).toBe(1);
    expect(t.latency.runMs!.p50).toBeGreaterThanOrEqual(0);
  });
});

describe("paging while jobs move", () => {
  it("keeps its place when the job at the cursor leaves the state", async () => {
    const first = await ops.listJobs(QID, { state: "failed", limit: 3 });
    // Retried with BullMQ's own API: the cursor's job is gone from the failed set.
    await (await queue.getJob(first.items[2]!.id))!.retry("failed");
    const rest = await ops.listJobs(QID, { state: "failed", limit: 100, cursor: first.nextCursor! });
    expect(rest.total).toBe(11);
    expect(rest.items).toHaveLength(9);
    const shown = [...first.items, ...rest.items].map((j) => j.id);
    expect(new Set(shown).size).toBe(12);
  });
});
