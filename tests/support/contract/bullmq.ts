// BullMQ for the contract battery: a key prefix of this run's own with one queue (a space and
// non-ASCII in its name) holding failed jobs (a real worker failed them) and waiting jobs.
// Every key under the prefix goes at the end.
import { expect } from "vitest";
import type { Queue } from "bullmq";
import { BullFixture, poll } from "../bullmq";
import { listItem, ok } from "./api";
import { DOWN_PORT, DOWN_SECRET, type ContractContext, type KindFixture } from "./types";

const NAME = "Rechnungen Ärger ✓";
const FAILED = 2;
const WAITING = 3;

export function bullmqFixture(): KindFixture {
  const fx = new BullFixture();
  let queue: Queue;
  const listed = (ctx: ContractContext) => listItem(ctx, "queues", `queue ${NAME} in the snapshot`, (q) => q.name === NAME);
  const path = async (ctx: ContractContext) => `queues/${encodeURIComponent((await listed(ctx)).id)}`;

  return {
    kind: "bullmq",
    source: { id: "ct-bullmq", kind: "bullmq", name: "Contract BullMQ", redisUrl: fx.url, prefix: fx.prefix },
    downSource: { id: "ct-bullmq-down", kind: "bullmq", name: "Contract BullMQ (down)", redisUrl: `redis://:${DOWN_SECRET}@127.0.0.1:${DOWN_PORT}/0`, prefix: "bull" },

    async setup() {
      queue = fx.queue(NAME);
      await queue.addBulk(Array.from({ length: FAILED }, (_, i) => ({ name: "charge", data: { i } })));
      const worker = fx.worker(NAME, async (job) => {
        throw new Error(`card declined ${job.data.i}`);
      });
      await poll(`${FAILED} failed jobs`, async () => ((await queue.getFailedCount()) === FAILED ? true : undefined));
      await worker.close();
      await queue.addBulk(Array.from({ length: WAITING }, (_, i) => ({ name: "mail", data: { i } })));
    },

    cleanup: () => fx.cleanup(),

    // The prefix is this run's own: everything under it was seeded here.
    ours: () => true,

    exercises: {
      async queues(ctx) {
        const q = await listItem(ctx, "queues", "the seeded counts", (x) => x.name === NAME && x.counts?.failed === FAILED && x.counts?.waiting === WAITING);
        expect(await ok(ctx.admin.get(`${ctx.base}/queues/${encodeURIComponent(q.id)}`), "queue detail")).toMatchObject({ id: q.id, name: NAME });
      },

      async jobs(ctx) {
        const base = `${ctx.base}/${await path(ctx)}`;
        const page = await ok(ctx.admin.get(`${base}/jobs?state=failed`), "failed jobs");
        const failedIds = (await queue.getFailed()).map((j) => j.id).sort();
        expect(page.items.map((j: { id: string }) => j.id).sort()).toEqual(failedIds);
        const jobId = failedIds[0]!;
        expect(await ok(ctx.admin.get(`${base}/jobs/${encodeURIComponent(jobId)}`), "job detail")).toMatchObject({ id: jobId, state: "failed" });
        expect(await ok(ctx.admin.post(`${base}/jobs/${encodeURIComponent(jobId)}/retry`), "job retry")).toMatchObject({ ok: true, retried: 1 });
        expect(await queue.getJobState(jobId)).toBe("waiting");
      },

      async pause(ctx) {
        const base = `${ctx.base}/${await path(ctx)}`;
        await ok(ctx.admin.post(`${base}/pause`), "pause");
        expect(await queue.isPaused()).toBe(true);
        expect((await ok(ctx.admin.get(base), "paused detail")).paused).toBe(true);
        await ok(ctx.admin.post(`${base}/resume`), "resume");
        expect(await queue.isPaused()).toBe(false);
        expect((await ok(ctx.admin.get(base), "resumed detail")).paused).toBe(false);
      },

      async queueRateLimit(ctx) {
        const base = `${ctx.base}/${await path(ctx)}`;
        await ok(ctx.admin.request("PUT", `${base}/rate-limit`, { max: 12, durationMs: 60_000 }), "set rate limit");
        expect(await queue.getGlobalRateLimit()).toEqual({ max: 12, duration: 60_000 });
        await ok(ctx.admin.request("PUT", `${base}/concurrency`, { concurrency: 3 }), "set concurrency");
        expect(await queue.getGlobalConcurrency()).toBe(3);
        await ok(ctx.admin.request("DELETE", `${base}/rate-limit`), "remove rate limit");
        expect(await queue.getGlobalRateLimit()).toBeNull();
        await ok(ctx.admin.request("DELETE", `${base}/concurrency`), "remove concurrency");
        expect(await queue.getGlobalConcurrency()).toBeNull();
      },
    },

    viewerAttempts: {
      async jobs(ctx) {
        const [job] = await queue.getFailed(0, 0);
        return { method: "POST", path: `${await path(ctx)}/jobs/${encodeURIComponent(job!.id!)}/retry`, target: `${NAME}/${job!.id}` };
      },
      pause: async (ctx) => ({ method: "POST", path: `${await path(ctx)}/pause`, target: NAME }),
      queueRateLimit: async (ctx) => ({ method: "PUT", path: `${await path(ctx)}/rate-limit`, body: { max: 1, durationMs: 1000 }, target: NAME }),
    },
  };
}
