// Periodic tasks inferred from the Celery task history: real celery beat sends demo.add every
// second to a real worker (Redis db 11, results in db 14); the events go through the history
// receiver into a real store. Read back as one periodic task with a 1 s interval; once beat is
// stopped, the same task reads "missed". Then over HTTP from a QueueDeck server on that store.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodicTasksQuerySchema, type CeleryPeriodicTaskDto } from "@/lib/celery-periodic";
import { celeryTaskListQuerySchema } from "@/lib/celery";
import { bindingSetKey, priorityQueueKeys } from "@/server/brokers/celery/envelope";
import { createCeleryAdapter, type CeleryAdapter } from "@/server/brokers/celery/adapter";
import { startCeleryHistory } from "@/server/celery-history/receiver";
import { CeleryHistoryStore } from "@/server/celery-history/store";
import { openDb, type Db } from "@/server/store/db";
import { redisUrl, runId } from "../support/brokers";
import { startCeleryBeat, type CeleryBeatHandle } from "../support/celery-beat";
import { startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const SOURCE = "celery";
const run = runId();
const queue = `${run}.beat`;
const brokerUrl = redisUrl(11);
const backendUrl = redisUrl(14);
const ADMIN_PASSWORD = "admin-password-for-celery-periodic";
const ARGS = [run, "-beat"];
// Beat hands Celery the entry's args as a list (as its schedule file stores them): so the repr.
const ARGS_REPR = `['${run}', '-beat']`;

let dataDir: string;
let db: Db;
let store: CeleryHistoryStore;
let adapter: CeleryAdapter;
let stopReceiver: (() => Promise<void>) | undefined;
let worker: CeleryWorkerHandle | undefined;
let beat: CeleryBeatHandle | undefined;

/** This run's beat entry among the periodic tasks of the last 10 minutes, judged now. */
async function ours(): Promise<CeleryPeriodicTaskDto | undefined> {
  const now = Date.now();
  const list = await store.periodic(SOURCE, periodicTasksQuerySchema.parse({ from: String(now - 10 * 60_000), to: String(now) }));
  return list.items.find((p) => p.args === ARGS_REPR);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-periodic-it-"));
  db = openDb(dataDir);
  store = new CeleryHistoryStore(db);
  adapter = createCeleryAdapter({ id: SOURCE, kind: "celery", name: "periodic", brokerUrl, resultBackendUrl: backendUrl });
  await adapter.connect();
  stopReceiver = startCeleryHistory(SOURCE, adapter.events, store, { flushMs: 100 });
  worker = await startCeleryWorker({ brokerUrl, backendUrl, name: run, queues: [queue] });
  beat = startCeleryBeat({ brokerUrl, backendUrl, task: "demo.add", args: ARGS, everySeconds: 1, queue });
}, 120_000);

afterAll(async () => {
  await beat?.stop();
  await stopReceiver?.();
  await adapter?.close();
  await worker?.stop();
  const redis = new Redis(brokerUrl);
  await redis.del(...priorityQueueKeys(queue), bindingSetKey(queue));
  redis.disconnect();
  const backend = new Redis(backendUrl);
  const ids = store ? (await store.list(SOURCE, celeryTaskListQuerySchema.parse({ limit: "500" }))).items.map((t) => `celery-task-meta-${t.id}`) : [];
  if (ids.length) await backend.del(...ids);
  backend.disconnect();
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("periodic tasks inferred from a real celery beat's sends", () => {
  let lastRunAt: string;

  it("reads beat's demo.add every second back as one periodic task with a 1 s interval", async () => {
    const p = await poll("six runs of the beat entry in the history", async () => {
      const found = await ours();
      return found && found.runs >= 6 && found.lastState === "SUCCESS" ? found : undefined;
    }, 40_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\nperiodic: ${JSON.stringify(await store.periodic(SOURCE, periodicTasksQuerySchema.parse({})))}\nbeat log:\n${beat!.logTail(5)}`);
    });
    expect(p).toMatchObject({ name: "demo.add", args: ARGS_REPR, kwargs: "{}", status: "on-time", failures: 0, overdueSeconds: 0 });
    expect(p.intervalSeconds).toBeGreaterThanOrEqual(0.9);
    expect(p.intervalSeconds).toBeLessThanOrEqual(1.1);
    // Every run is a task of the history, and the newest is the one named.
    const tasks = (await store.list(SOURCE, celeryTaskListQuerySchema.parse({ name: "demo.add", limit: "500" }))).items.filter((t) => t.argsPreview === ARGS_REPR);
    expect(tasks.length).toBeGreaterThanOrEqual(p.runs);
    expect(tasks.map((t) => t.id)).toContain(p.lastTaskId);
    expect(Date.parse(p.nextExpectedAt) - Date.parse(p.lastRunAt)).toBe(Math.round(p.intervalSeconds * 1000));
  });

  it("reads it as missed once beat stops sending", async () => {
    await beat!.stop();
    beat = undefined;
    const stoppedAt = Date.now();
    // Late after interval + 2 s of slack, missed after one more interval: about 4 s.
    const p = await poll("the beat entry to read missed", async () => {
      const found = await ours();
      return found?.status === "missed" ? found : undefined;
    }, 20_000);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(2_000);
    expect(Date.parse(p.lastRunAt)).toBeLessThanOrEqual(stoppedAt);
    expect(p.overdueSeconds).toBeGreaterThan(p.intervalSeconds + 2);
    expect(p.missedRuns).toBeGreaterThanOrEqual(2);
    lastRunAt = p.lastRunAt;
  });

  describe("over HTTP, from a QueueDeck server started on that store", () => {
    let server: RunningServer;
    let api: ApiClient;
    const P = `/api/v1/sources/${SOURCE}/periodic-tasks`;

    beforeAll(async () => {
      await stopReceiver!();
      stopReceiver = undefined;
      server = await startServer({
        dataDir,
        config: { sources: [{ id: SOURCE, kind: "celery", name: "Celery", brokerUrl, resultBackendUrl: backendUrl, queues: [queue] }] },
        env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD },
      });
      api = new ApiClient(server.url);
      expect((await api.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
    });

    it("lists the beat entry as missed, most overdue first", async () => {
      const r = await api.get(P);
      expect(r.status).toBe(200);
      const p = (r.json.items as CeleryPeriodicTaskDto[]).find((i) => i.args === ARGS_REPR);
      expect(p).toMatchObject({ name: "demo.add", status: "missed", lastRunAt });
      expect(r.json.to - r.json.from).toBe(24 * 60 * 60_000);
      expect(r.json.scanned).toBeGreaterThanOrEqual(p!.runs);
      expect(r.json.truncated).toBe(false);
      // Judged at `to`: a window ending just after the last run reads on time.
      const at = Date.parse(lastRunAt) + 500;
      const then = await api.get(`${P}?from=${at - 60_000}&to=${at}`);
      expect((then.json.items as CeleryPeriodicTaskDto[]).find((i) => i.args === ARGS_REPR)).toMatchObject({ status: "on-time", lastRunAt });
    });

    it("answers bad windows with 400 JSON naming the parameter", async () => {
      const cases: [string, RegExp][] = [
        ["?from=2000&to=1000", /^from: from must be before to/],
        [`?from=0&to=${8 * 24 * 60 * 60_000}`, /^from: the window is at most 7 days/],
        ["?to=yesterday", /^to: /],
      ];
      for (const [q, message] of cases) {
        const r = await api.get(`${P}${q}`);
        expect(r.status, q).toBe(400);
        expect(r.json.error.code, q).toBe("invalid_request");
        expect(r.json.error.message, q).toMatch(message);
      }
      const post = await api.post(P, {});
      expect(post.status).toBe(405);
    });
  });
});
