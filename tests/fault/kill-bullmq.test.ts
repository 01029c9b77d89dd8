// kill -9 of QueueDeck in the middle of a BullMQ retry-all of 100,000 failed jobs: afterwards
// every job is either still failed or waiting (none lost, none twice), the operation shows as
// interrupted after the restart, and retry-all again retries exactly the rest.
import { afterAll, beforeAll, expect, it } from "vitest";
import { bullQueueId } from "@/server/brokers/bullmq/map";
import { BullFixture } from "../support/bullmq";
import { finishedAudit, integrityCheck, kill, startSignedIn, waitOperation, type Killable } from "./kill-support";

const COUNT = 100_000;
const QUEUE = "mails";
const fx = new BullFixture();
const queue = fx.queue(QUEUE);
let k: Killable | undefined;

/**
 * 100,000 failed jobs written as BullMQ keeps them (hash + failed sorted set), much faster
 * than failing them through a worker; the queue itself (its meta key) is made by BullMQ.
 */
async function fillFailed(): Promise<void> {
  await queue.add("seed", {});
  await queue.drain();
  const base = `${fx.prefix}:${QUEUE}:`;
  const t = Date.now() - 60_000;
  for (let i = 0; i < COUNT; i += 10_000) {
    const p = fx.connection.pipeline();
    for (let id = i + 1; id <= i + 10_000; id++) {
      p.hset(`${base}${id}`, { name: "send", data: JSON.stringify({ n: id }), opts: "{}", timestamp: t, processedOn: t, finishedOn: t, attemptsMade: 1, failedReason: "smtp down", stacktrace: "[]" });
      p.zadd(`${base}failed`, t, String(id));
    }
    await p.exec();
  }
  await fx.connection.set(`${base}id`, COUNT + 1);
}

async function counts(): Promise<{ failed: number; waiting: number; active: number; completed: number; delayed: number }> {
  const c = await queue.getJobCounts("failed", "waiting", "active", "completed", "delayed");
  return { failed: c.failed ?? 0, waiting: c.waiting ?? 0, active: c.active ?? 0, completed: c.completed ?? 0, delayed: c.delayed ?? 0 };
}

beforeAll(async () => {
  await fillFailed();
  expect((await counts()).failed).toBe(COUNT);
}, 120_000);

afterAll(async () => {
  if (k) await kill(k);
  await fx.cleanup();
});

it("loses no job when QueueDeck is killed mid retry-all, shows the operation interrupted and resumes", { timeout: 180_000 }, async () => {
  const config = { sources: [{ id: "jobs", kind: "bullmq", name: "B", redisUrl: fx.url, prefix: fx.prefix }] };
  k = await startSignedIn(config);
  const path = `/api/v1/sources/jobs/queues/${bullQueueId(QUEUE)}/retry`;
  const start = await k.api.post(path, { state: "failed" });
  expect(start.status).toBe(200);
  expect(start.json.total).toBe(COUNT);
  const op = await waitOperation(k.api, start.json.operationId, "retry-all under way", (o) => o.done >= 5_000);
  expect(op.status).toBe("running");
  await kill(k);
  const dataDir = k.server.dataDir;
  k = undefined;

  // Each batch is one atomic Lua call: every job is failed or waiting, none missing, none doubled.
  const after = await counts();
  expect(after.failed + after.waiting).toBe(COUNT);
  expect(after.waiting).toBeGreaterThanOrEqual(op.done);
  expect(after.failed).toBeGreaterThan(0);
  expect(after).toMatchObject({ active: 0, completed: 0, delayed: 0 });
  expect(integrityCheck(dataDir)).toBe("ok");

  k = await startSignedIn(config, dataDir);
  const found = (await k.api.get(`/api/v1/operations/${start.json.operationId}`)).json;
  expect(found).toMatchObject({ status: "interrupted", total: COUNT, kind: "retry all failed" });
  expect(found.done).toBeLessThanOrEqual(after.waiting);
  expect(found.error).toContain("QueueDeck stopped while this ran");
  expect(found.error).toContain("retry all again to retry the rest");
  const [audited] = await finishedAudit(k.api, "queue.retry-all");
  expect(audited).toMatchObject({ outcome: "failed", params: { operationId: start.json.operationId, status: "interrupted" }, counts: { total: COUNT } });
  const list = (await k.api.get("/api/v1/operations")).json.items as { id: string; status: string }[];
  expect(list.find((o) => o.id === start.json.operationId)?.status).toBe("interrupted");

  // Retry all again: exactly the jobs still failed, then none is left.
  const rerun = await k.api.post(path, { state: "failed" });
  expect(rerun.status).toBe(200);
  expect(rerun.json.total).toBe(after.failed);
  const ended = await waitOperation(k.api, rerun.json.operationId, "rerun done", (o) => o.status !== "running");
  expect(ended).toMatchObject({ status: "done", done: after.failed });
  expect(await counts()).toMatchObject({ failed: 0, waiting: COUNT });
  console.log(`kill -9 mid retry-all: ${after.waiting} of ${COUNT} retried before the kill (last saved ${found.done}), ${after.failed} by the rerun, 0 lost`);
});
