// The BullMQ HTTP API of a real QueueDeck server (next start) on real Redis with real workers:
// every route, its validation (4xx JSON naming the field), roles, audit, and read-back with BullMQ.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Queue } from "bullmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { bullQueueId } from "@/server/brokers/bullmq/map";
import { attachCancellation } from "@/lib/worker/attach-cancellation";
import { BullFixture, poll } from "../support/bullmq";

const ADMIN_PASSWORD = "admin-password-for-bull";
const fx = new BullFixture();
const NAME = "Rechnungen Ärger 2";
const QID = bullQueueId(NAME);
const Q = `/api/v1/sources/bq/queues/${QID}`;
let server: RunningServer;
let admin: ApiClient;
let viewer: ApiClient;
let queue: Queue;

beforeAll(async () => {
  queue = fx.queue(NAME);
  await queue.addBulk(Array.from({ length: 30 }, (_, i) => ({ name: "bill", data: { i, fail: i < 25 } })));
  const w = fx.worker(NAME, async (job) => {
    if (job.data.fail) throw new Error(`card declined ${job.data.i}`);
    return { ok: job.data.i };
  }, { concurrency: 10, metrics: { maxDataPoints: 60 } });
  await poll("30 jobs finished", async () => ((await queue.getJobCountByTypes("failed", "completed")) === 30 ? true : undefined));
  await w.close();
  server = await startServer({
    config: { sources: [{ id: "bq", kind: "bullmq", name: "Bull test", redisUrl: fx.url, prefix: fx.prefix }] },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  admin = new ApiClient(server.url);
  expect((await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  expect((await admin.post("/api/v1/users", { username: "vera", password: "viewer-password-1", role: "viewer" })).status).toBe(201);
  viewer = new ApiClient(server.url);
  expect((await viewer.post("/api/v1/session", { username: "vera", password: "viewer-password-1" })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await fx.cleanup();
});

async function audit(action: string) {
  return (await admin.get(`/api/v1/audit?action=${action}&limit=10`)).json.items as any[];
}

describe("queues and jobs", () => {
  it("lists queues with counts by state, paused, limits and workers", async () => {
    const q = await poll("the queue in the snapshot", async () => (await admin.get("/api/v1/sources/bq/queues")).json.items.find((x: any) => x.id === QID));
    expect(q).toEqual({
      id: QID,
      name: NAME,
      depth: 0,
      counts: { waiting: 0, active: 0, delayed: 0, prioritized: 0, "waiting-children": 0, completed: 5, failed: 25 },
      paused: false,
      rateLimit: null,
      concurrency: null,
      workers: 0,
    });
    const detail = (await admin.get(Q)).json;
    expect(detail).toMatchObject({ id: QID, workerList: [] });
  });

  it("pages failed jobs with a cursor and serves job detail", async () => {
    const first = await admin.get(`${Q}/jobs?state=failed&limit=10`);
    expect(first.status).toBe(200);
    expect(first.json.total).toBe(25);
    expect(first.json.items).toHaveLength(10);
    expect(first.json.items[0]).toMatchObject({ state: "failed", name: "bill", attemptsMade: 1, failedReason: expect.stringMatching(/^card declined/) });
    const second = await admin.get(`${Q}/jobs?state=failed&limit=100&cursor=${first.json.nextCursor}`);
    expect(second.json.items).toHaveLength(15);
    expect(second.json.nextCursor).toBeUndefined();
    const id = first.json.items[0].id;
    const d = await admin.get(`${Q}/jobs/${id}`);
    expect(d.json).toMatchObject({ id, state: "failed", data: { encoding: "json" }, stacktrace: [expect.stringContaining("card declined")] });
    expect(JSON.parse(d.json.data.text)).toEqual((await queue.getJob(id))!.data);
    expect((await admin.get(`${Q}/jobs/does-not-exist`)).status).toBe(404);
    // Empty parameters, as in `?state=failed&limit=&cursor=`, mean "not given".
    const blank = await admin.get(`${Q}/jobs?state=failed&limit=&cursor=`);
    expect(blank.status).toBe(200);
    expect(blank.json.items).toHaveLength(25);
  });

  it("serves twenty tabs polling one queue page with one live read", async () => {
    // The queue page's live detail lists workers with CLIENT LIST and a page of jobs is one Lua
    // script: count those commands on the real Redis while 20 "tabs" ask at once.
    const calls = async (cmd: string) => {
      const info = await fx.connection.info("commandstats");
      return Number(new RegExp(`^cmdstat_${cmd.replace("|", "\\|")}:calls=(\\d+)`, "m").exec(info)?.[1] ?? 0);
    };
    const tabs = 20;
    await new Promise((r) => setTimeout(r, 2100)); // what earlier tests read has expired
    const before = { clientList: await calls("client|list"), scripts: await calls("evalsha") };
    const answers = await Promise.all(
      Array.from({ length: tabs }, () => Promise.all([admin.get(Q), admin.get(`${Q}/jobs?state=failed&limit=25`)])),
    );
    const after = { clientList: await calls("client|list"), scripts: await calls("evalsha") };
    for (const [detail, page] of answers) {
      expect(detail.json).toMatchObject({ id: QID, counts: { failed: 25 } });
      expect(page.json.items).toHaveLength(25);
    }
    // One read each (the collector's own tick may add a few meanwhile); 20 or more without sharing.
    expect(after.clientList - before.clientList).toBeGreaterThanOrEqual(1);
    expect(after.clientList - before.clientList).toBeLessThanOrEqual(3);
    expect(after.scripts - before.scripts).toBeGreaterThanOrEqual(1);
    expect(after.scripts - before.scripts).toBeLessThanOrEqual(6);
  });

  it("answers bad input with 4xx JSON naming the field, never 5xx", async () => {
    const cases: [string, string][] = [
      [`${Q}/jobs?state=sleeping`, "state"],
      [`${Q}/jobs?limit=1000`, "limit"],
      [`${Q}/jobs?cursor=%21%21`, "cursor"],
      [`${Q}/jobs?state=failed&cursor=bm9wZQ`, "cursor"],
      [`${Q}/jobs?bogus=1`, "bogus"],
      [`${Q}/jobs/search?q=x&states=failed,sleeping`, "states"],
      [`${Q}/jobs/search?q=`, "q"],
      [`${Q}/jobs/search?q=%24.a..b%3D1`, "q"],
      [`${Q}/jobs/throughput?from=10&to=5`, "from"],
    ];
    for (const [path, field] of cases) {
      const r = await admin.get(path);
      expect(r.status, path).toBe(400);
      expect(r.json.error.message, path).toContain(field);
    }
    const bodies: [string, string, unknown, string][] = [
      ["PUT", `${Q}/rate-limit`, { max: 0, durationMs: 1000 }, "max"],
      ["PUT", `${Q}/rate-limit`, { max: 5 }, "durationMs"],
      ["PUT", `${Q}/concurrency`, { concurrency: "many" }, "concurrency"],
      ["POST", `${Q}/clean`, { state: "waiting", olderThanMs: 1 }, "state"],
      ["POST", `${Q}/clean`, { state: "failed", olderThanMs: -1 }, "olderThanMs"],
      ["POST", `${Q}/retry`, { state: "delayed" }, "state"],
      ["POST", `${Q}/obliterate`, { force: "yes" }, "force"],
      ["POST", `${Q}/pause`, { extra: 1 }, "extra"],
    ];
    for (const [method, path, body, field] of bodies) {
      const r = await admin.request(method, path, body);
      expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(r.json.error.message).toContain(field);
    }
    expect((await admin.get(`/api/v1/sources/bq/queues/${bullQueueId("nope")}/jobs`)).status).toBe(404);
    expect((await admin.get(`/api/v1/sources/nope/queues/${QID}/jobs`)).status).toBe(404);
  });

  it("searches by JSON path and text", async () => {
    const r = await admin.get(`${Q}/jobs/search?q=${encodeURIComponent("$.i=7")}&states=failed,completed`);
    expect(r.json).toMatchObject({ done: true, scanned: 30, total: 30, items: [{ state: "failed" }] });
    expect((await queue.getJob(r.json.items[0].id))!.data.i).toBe(7);
    const t = await admin.get(`${Q}/jobs/search?q=declined%2012&states=failed`);
    expect(t.json.items).toHaveLength(1);
  });

  it("serves throughput from BullMQ's metrics and the depth series", async () => {
    const r = await admin.get(`${Q}/jobs/throughput`);
    expect(r.json.basis).toBe("bullmq-metrics");
    expect(r.json.failed.reduce((a: number, p: any) => a + p.v, 0)).toBe(25);
    expect(r.json.latency).toMatchObject({ sample: 5, runMs: { p50: expect.any(Number) } });
    const s = await poll("depth points", async () => {
      const res = await admin.get(`${Q}/series?metric=depth`);
      return res.json.points.length ? res : undefined;
    });
    expect(s.json.points[0]).toMatchObject({ v: 0 });
  });
});

describe("actions", () => {
  it("retries one job, removes one, and audits both", async () => {
    const [a, b] = await queue.getFailed(0, 1);
    const r = await admin.post(`${Q}/jobs/${a!.id}/retry`);
    expect(r.json).toEqual({ ok: true, retried: 1 });
    expect(await queue.getJobState(a!.id!)).toBe("waiting");
    expect((await admin.post(`${Q}/jobs/${a!.id}/retry`)).status).toBe(409);
    expect((await admin.del(`${Q}/jobs/${b!.id}`)).json).toEqual({ ok: true, removed: 1 });
    expect(await queue.getJob(b!.id!)).toBeUndefined();
    const [refused, done] = await audit("job.retry");
    expect(refused).toMatchObject({ outcome: "failed", error: expect.stringContaining("is waiting") });
    expect(done).toMatchObject({ outcome: "ok", target: `${NAME}/${a!.id}`, counts: { retried: 1 }, source: "bq", actor: "admin" });
    expect((await audit("job.remove"))[0]).toMatchObject({ outcome: "ok", counts: { removed: 1 } });
  });

  it("retries all failed jobs as an operation with progress, audited at start and end", async () => {
    const failed = await queue.getFailedCount();
    const r = await admin.post(`${Q}/retry`, { state: "failed" });
    expect(r.status).toBe(200);
    const opId = r.json.operationId;
    const op = await poll("the operation to end", async () => {
      const o = (await admin.get(`/api/v1/operations/${opId}`)).json;
      return o.status === "running" ? undefined : o;
    });
    expect(op).toMatchObject({ status: "done", done: failed, total: failed, kind: "retry all failed" });
    expect(await queue.getJobCounts("failed", "waiting")).toEqual({ failed: 0, waiting: failed + 1 });
    expect((await audit("queue.retry-all"))[0]).toMatchObject({ outcome: "ok", counts: { total: failed }, params: { state: "failed" } });
    expect((await audit("queue.retry-all.finished"))[0]).toMatchObject({ outcome: "ok", counts: { retried: failed, total: failed } });
  });

  it("pauses, resumes, sets and removes the rate limit and concurrency", async () => {
    expect((await admin.post(`${Q}/pause`)).json).toEqual({ ok: true });
    expect(await queue.isPaused()).toBe(true);
    await admin.post(`${Q}/resume`);
    expect(await queue.isPaused()).toBe(false);
    expect((await admin.request("PUT", `${Q}/rate-limit`, { max: 12, durationMs: 60_000 })).json).toEqual({ ok: true, max: 12, durationMs: 60_000 });
    expect(await queue.getGlobalRateLimit()).toEqual({ max: 12, duration: 60_000 });
    const listed = await poll("the limit in the list", async () => {
      const q = (await admin.get("/api/v1/sources/bq/queues")).json.items.find((x: any) => x.id === QID);
      return q?.rateLimit ? q : undefined;
    });
    expect(listed.rateLimit).toEqual({ max: 12, durationMs: 60_000 });
    await admin.request("DELETE", `${Q}/rate-limit`);
    expect(await queue.getGlobalRateLimit()).toBeNull();
    await admin.request("PUT", `${Q}/concurrency`, { concurrency: 2 });
    expect(await queue.getGlobalConcurrency()).toBe(2);
    await admin.request("DELETE", `${Q}/concurrency`);
    expect(await queue.getGlobalConcurrency()).toBeNull();
  });

  it("promotes, drains and cleans with counts", async () => {
    await queue.addBulk(Array.from({ length: 4 }, () => ({ name: "later", data: {}, opts: { delay: 3_600_000 } })));
    const d = await queue.add("one", {}, { delay: 3_600_000 });
    expect((await admin.post(`${Q}/jobs/${d.id}/promote`)).json).toEqual({ ok: true, promoted: 1 });
    expect((await admin.post(`${Q}/promote`)).json).toEqual({ ok: true, promoted: 4 });
    const waiting = await queue.getWaitingCount();
    expect((await admin.post(`${Q}/drain`, {})).json).toEqual({ ok: true, removed: waiting });
    expect(await queue.getWaitingCount()).toBe(0);
    expect((await admin.post(`${Q}/clean`, { state: "completed", olderThanMs: 0 })).json).toEqual({ ok: true, removed: 5 });
    expect(await queue.getCompletedCount()).toBe(0);
    expect((await audit("queue.drain"))[0]).toMatchObject({ counts: { removed: waiting }, params: { delayed: true } });
  });

  it("cancels a running job through the helper", async () => {
    const w = fx.worker(NAME, async (_job, _token, signal) => {
      while (!signal?.aborted) await new Promise((r) => setTimeout(r, 50));
      throw new Error("stopped");
    });
    const handle = await attachCancellation(w);
    const job = await queue.add("long", {});
    await poll("active", async () => ((await queue.getJobState(job.id!)) === "active" ? true : undefined));
    const r = await admin.post(`${Q}/jobs/${job.id}/cancel`, { reason: "enough" });
    expect(r.json).toMatchObject({ ok: true, cancelled: true, listeners: 1, worker: expect.any(String) });
    await poll("failed", async () => ((await queue.getJobState(job.id!)) === "failed" ? true : undefined));
    await handle.close();
    await w.close();
  });

  it("viewers may read but not act; each refusal is audited", async () => {
    expect((await viewer.get(`${Q}/jobs?state=failed`)).status).toBe(200);
    const r = await viewer.post(`${Q}/pause`);
    expect(r.status).toBe(403);
    expect(await queue.isPaused()).toBe(false);
    expect((await audit("queue.pause"))[0]).toMatchObject({ actor: "vera", outcome: "denied" });
  });

  it("refuses to obliterate while a job is active unless forced (admins only)", async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    fx.worker(NAME, () => hold);
    const job = await queue.add("held", {});
    await poll("active", async () => ((await queue.getJobState(job.id!)) === "active" ? true : undefined));
    const refused = await admin.post(`${Q}/obliterate`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "conflict", message: expect.stringContaining("1 active job") });
    expect(await fx.connection.exists(`${fx.prefix}:${NAME}:meta`)).toBe(1);
    const r = await admin.post(`${Q}/obliterate`, { force: true });
    expect(r.json).toMatchObject({ ok: true, active: 1 });
    expect(await fx.connection.exists(`${fx.prefix}:${NAME}:meta`)).toBe(0);
    expect((await admin.get(`${Q}/jobs`)).status).toBe(404);
    release();
  });
});
