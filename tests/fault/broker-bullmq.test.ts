// BullMQ: Redis is killed (SIGKILL) in the middle of a retry-all of 100,000 failed jobs and
// started again. The source shows down, then up again, within 10 s each; the bystander source on
// the shared Redis stays up throughout; the operation ends with an honest report; and every job
// is afterwards exactly once in the failed set or the wait list (nothing lost, none doubled).
// The private Redis keeps an append-only file fsynced on every write: a plain Redis keeps nothing
// across a restart, and "nothing lost" is about QueueDeck, not about Redis's persistence settings.
import IORedis from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bullQueueId } from "@/server/brokers/bullmq/map";
import { BYSTANDER_ID, bystander, faultServer, report, type Bystander, type FaultServer } from "../support/fault-setup";
import { privateRedis, type PrivateRedis } from "../support/private-brokers";
import { poll } from "../support/wait";

const JOBS = 100_000;
const PREFIX = "qdfault";
const NAME = "charges";
const KP = `${PREFIX}:${NAME}:`;
let redis: PrivateRedis;
let by: Bystander;
let qd: FaultServer;

/** `n` failed jobs, written as BullMQ 6 writes them (hash + failed zset + id counter + meta). */
async function seedFailed(client: IORedis, n: number): Promise<void> {
  const base = Date.now() - n - 60_000;
  await client.hset(`${KP}meta`, { opts: "{}", version: "bullmq:6" });
  for (let start = 1; start <= n; start += 10_000) {
    const pipe = client.pipeline();
    const zargs: (string | number)[] = [];
    for (let id = start; id < Math.min(n + 1, start + 10_000); id++) {
      const t = base + id;
      pipe.hset(KP + id, { name: "charge", data: JSON.stringify({ id }), opts: '{"attempts":1}', timestamp: t - 50, delay: 0, priority: 0, atm: 1, ats: 1, processedOn: t - 20, finishedOn: t, failedReason: "card declined" });
      zargs.push(t, String(id));
    }
    pipe.zadd(`${KP}failed`, ...zargs);
    await pipe.exec();
  }
  await client.set(`${KP}id`, n);
}

beforeAll(async () => {
  redis = await privateRedis({ durable: true });
  const client = new IORedis(redis.url(), { maxRetriesPerRequest: null });
  await seedFailed(client, JOBS);
  expect(await client.zcard(`${KP}failed`)).toBe(JOBS);
  client.disconnect();
  by = await bystander();
  qd = await faultServer([{ id: "bq", kind: "bullmq", name: "Private Redis", redisUrl: redis.url(), prefix: PREFIX }, by.source]);
}, 120_000);

afterAll(async () => {
  await qd?.stop();
  await by?.cleanup();
  await redis?.dispose();
});

it("Redis killed mid retry-all: down and up within 10 s, bystander up, honest report, nothing lost", async () => {
  const { api, watch } = qd;
  await watch.seen("bq", "up", 0);
  await watch.seen(BYSTANDER_ID, "up", 0);
  const queue = `/api/v1/sources/bq/queues/${bullQueueId(NAME)}`;
  await poll("queue known to QueueDeck", async () => ((await api.get(queue)).status === 200 ? true : undefined));

  const start = await api.post(`${queue}/retry`, { state: "failed" });
  expect(start.status).toBe(200);
  expect(start.json.total).toBe(JOBS);
  const op = `/api/v1/operations/${start.json.operationId}`;
  const before = await poll("retry-all under way", async () => {
    const v = (await api.get(op)).json;
    return v.done >= 1000 || v.status !== "running" ? v : undefined;
  }, 30_000, 10);
  expect(before.status, "the retry-all must still be running when Redis goes").toBe("running");

  const killedAt = Date.now();
  await redis.stop("kill");
  const downAt = await watch.seen("bq", "down", killedAt, 10_000);
  const during = (await api.get(op)).json;
  await new Promise((r) => setTimeout(r, 2000)); // a short outage, then Redis returns
  await redis.start();
  const backAt = Date.now();
  const upAt = await watch.seen("bq", "up", backAt, 10_000);
  const final = await qd.finished(start.json.operationId);

  // Honest: either it finished every job after Redis returned, or it failed saying Redis went away.
  if (final.status === "done") expect(final.done).toBe(JOBS);
  else {
    expect(final.status).toBe("failed");
    expect(final.error).toMatch(/ECONNREFUSED|ECONNRESET|Connection is closed|Redis|connect/i);
    expect(final.done).toBeLessThan(JOBS);
  }

  // Nothing lost, nothing doubled: each of the 100,000 ids is in exactly one of failed and wait.
  const client = new IORedis(redis.url(), { maxRetriesPerRequest: null });
  const failed = await client.zrange(`${KP}failed`, 0, -1);
  const waiting = await client.lrange(`${KP}wait`, 0, -1);
  const all = new Set([...failed, ...waiting]);
  expect(failed.length + waiting.length).toBe(JOBS);
  expect(all.size).toBe(JOBS);
  expect(all.has("1") && all.has(String(JOBS))).toBe(true);

  // What the first run left behind, a second retry-all takes: all waiting in the end.
  if (failed.length > 0) {
    const again = await api.post(`${queue}/retry`, { state: "failed" });
    expect(again.status).toBe(200);
    expect(again.json.total).toBe(failed.length);
    expect((await qd.finished(again.json.operationId)).status).toBe("done");
  }
  expect(await client.llen(`${KP}wait`)).toBe(JOBS);
  expect(await client.zcard(`${KP}failed`)).toBe(0);
  client.disconnect();

  expect(watch.notUp(BYSTANDER_ID)).toEqual([]);
  report("bullmq", {
    jobs: JOBS,
    retriedBeforeKill: before.done,
    statusRightAfterKill: during.status,
    downAfterMs: downAt - killedAt,
    redisRestartMs: redis.lastStartMs,
    upAfterMs: upAt - backAt,
    operation: final.status,
    retriedByFirstRun: final.done,
    leftForSecondRun: failed.length,
    error: final.error ?? "",
    slowestSourcesReadMs: watch.slowest(),
  });
});
