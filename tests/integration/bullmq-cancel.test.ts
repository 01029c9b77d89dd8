// Cancelling a running job: QueueDeck publishes, the worker-side helper calls Worker.cancelJob,
// the job's processor sees its abort signal. Real workers, real Redis.
import { UnrecoverableError, type Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobOps } from "@/server/brokers/ops/jobs";
import { createBullmqAdapter, type BullmqAdapter } from "@/server/brokers/bullmq/adapter";
import { bullQueueId } from "@/server/brokers/bullmq/map";
import { attachCancellation, cancelChannel, type CancellationHandle } from "@/lib/worker/attach-cancellation";
import { BullFixture, poll } from "../support/bullmq";

const fx = new BullFixture();
let adapter: BullmqAdapter;
let ops: JobOps;
const handles: CancellationHandle[] = [];

/** Runs until aborted (or 30 s), checking its signal like a well-behaved long job. */
async function longJob(job: Job, _token?: string, signal?: AbortSignal): Promise<string> {
  for (let i = 0; i < 300; i++) {
    if (signal?.aborted) throw new UnrecoverableError(`aborted: ${String(signal.reason)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return `finished ${job.id}`;
}

beforeAll(() => {
  adapter = createBullmqAdapter({ id: `t-${fx.prefix}`, kind: "bullmq", name: "test", redisUrl: fx.url, prefix: fx.prefix });
  ops = adapter.ops.jobs;
});

afterAll(async () => {
  await Promise.allSettled(handles.map((h) => h.close()));
  await adapter?.close();
  await fx.cleanup();
});

async function activeJob(queueName: string, data: object = {}): Promise<Job> {
  const q = fx.queue(queueName);
  const job = await q.add("long", data);
  await poll(`job ${job.id} active`, async () => ((await q.getJobState(job.id!)) === "active" ? true : undefined));
  return job;
}

describe("cancel a running job", () => {
  it("reaches the worker running it, which aborts the job", async () => {
    const name = "cancel me";
    const w = fx.worker(name, longJob, { name: "long-runner" });
    handles.push(await attachCancellation(w, fx.connection));
    // A second worker with the helper, idle: it must answer "not mine" without spoiling the result.
    const idle = fx.worker(name, longJob, { name: "idle-one", autorun: false });
    handles.push(await attachCancellation(idle));
    const job = await activeJob(name);

    const started = Date.now();
    const r = await ops.cancelJob(bullQueueId(name), job.id!, "operator says stop");
    expect(r).toMatchObject({ cancelled: true, listeners: 2, worker: expect.stringContaining("long-runner") });
    expect(Date.now() - started).toBeLessThan(1500);

    const q = fx.queue(name);
    await poll("the job to fail", async () => ((await q.getJobState(job.id!)) === "failed" ? true : undefined));
    const after = (await q.getJob(job.id!))!;
    expect(after.failedReason).toBe("aborted: operator says stop");
  });

  it("says plainly when no worker runs the helper", async () => {
    const name = "no helper";
    fx.worker(name, longJob);
    const job = await activeJob(name);
    const r = await ops.cancelJob(bullQueueId(name), job.id!);
    expect(r).toMatchObject({ cancelled: false, listeners: 0 });
    expect(r.message).toMatch(/No worker running the cancellation helper listens on queue "no helper"/);
    expect(await fx.queue(name).getJobState(job.id!)).toBe("active");
  });

  it("reports that the helpers answered but none runs the job", async () => {
    const name = "elsewhere";
    fx.worker(name, longJob, { name: "without-helper" });
    const job = await activeJob(name);
    const bystander = fx.worker(name, longJob, { name: "bystander", autorun: false });
    handles.push(await attachCancellation(bystander));
    const r = await ops.cancelJob(bullQueueId(name), job.id!);
    expect(r).toMatchObject({ cancelled: false, listeners: 1 });
    expect(r.message).toMatch(/1 of 1 worker\(s\) with the helper answered; none is running job/);
  });

  it("refuses jobs that are not running", async () => {
    const q = fx.queue("idle queue");
    const job = await q.add("x", {}, { delay: 60_000 });
    await expect(ops.cancelJob(bullQueueId("idle queue"), job.id!)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("is delayed") });
    await expect(ops.cancelJob(bullQueueId("idle queue"), "nope")).rejects.toMatchObject({ code: "not_found" });
  });

  it("uses the documented channel name", () => {
    expect(cancelChannel("bull", "emails")).toBe("bull:emails:qd-cancel");
  });
});
