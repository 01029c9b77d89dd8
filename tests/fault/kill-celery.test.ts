// kill -9 of QueueDeck while its Celery events intake takes in a real worker's tasks: the store
// opens cleanly afterwards (integrity_check ok), every task whose events arrived before the kill
// is in the history after the restart, and the tasks that were still running at the kill and
// ended while QueueDeck was down show their final state, read from the result backend at start.
import { execFileSync } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { redisUrl, runId } from "../support/brokers";
import { CELERY_DEMO_DIR, CELERY_PYTHON, startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";
import { poll } from "../support/wait";
import { integrityCheck, kill, startSignedIn, type Killable } from "./kill-support";

const run = runId();
const queue = `${run}.kill`;
// Databases no other test file uses: the worker's events and results are this file's alone.
const brokerUrl = redisUrl(14);
const backendUrl = redisUrl(11);
const QUICK = 30;
const LONG = 2;
const config = { sources: [{ id: "celery", kind: "celery", name: "C", brokerUrl, resultBackendUrl: backendUrl, queues: [queue] }] };
const TASKS = "/api/v1/sources/celery/tasks";
let worker: CeleryWorkerHandle | undefined;
const sentIds: string[] = [];
let k: Killable | undefined;

/** Sends with Celery's own client; returns the ids, quick adds first. */
function send(quick: number, long: number, steps: number): { quick: string[]; long: string[] } {
  const script = `
import json
from demo_tasks import add, long_report
q = ${JSON.stringify(queue)}
quick = [add.apply_async((i, i), queue=q).id for i in range(${quick})]
long = [long_report.apply_async(kwargs={'steps': ${steps}, 'interval': 1.0}, queue=q).id for _ in range(${long})]
print(json.dumps({'quick': quick, 'long': long}))
`;
  const out = execFileSync(CELERY_PYTHON, ["-c", script], {
    cwd: CELERY_DEMO_DIR,
    env: { ...process.env, PYTHONPATH: CELERY_DEMO_DIR, CELERY_BROKER_URL: brokerUrl, CELERY_RESULT_BACKEND: backendUrl },
  }).toString();
  const ids = JSON.parse(out.trim().split("\n").at(-1)!) as { quick: string[]; long: string[] };
  sentIds.push(...ids.quick, ...ids.long);
  return ids;
}

async function statesOf(api: Killable["api"], ids: string[]): Promise<Map<string, string>> {
  const r = await api.get(`${TASKS}?limit=500`);
  expect(r.status).toBe(200);
  const byId = new Map((r.json.items as { id: string; state: string }[]).map((t) => [t.id, t.state]));
  return new Map(ids.map((id) => [id, byId.get(id) ?? "missing"]));
}

beforeAll(async () => {
  worker = await startCeleryWorker({ brokerUrl, backendUrl, name: `kill-${run}`, queues: [queue], concurrency: 3 });
}, 60_000);

afterAll(async () => {
  if (k) await kill(k);
  await worker?.stop();
  const redis = new Redis(backendUrl);
  if (sentIds.length) await redis.del(...sentIds.map((id) => `celery-task-meta-${id}`));
  await redis.quit();
});

it("keeps the history through a kill -9 and finishes the tasks that ended meanwhile from the result backend", { timeout: 180_000 }, async () => {
  k = await startSignedIn(config);
  // The intake is on once the collector enabled events on the worker: a first task shows it.
  const probe = send(1, 0, 0).quick;
  await poll("events arrive", async () => ((await statesOf(k!.api, probe)).get(probe[0]!) === "SUCCESS" ? true : undefined), 60_000, 500);

  const sent = send(QUICK, LONG, 6);
  // Quick ones finished and long ones started, as the history saw them before the kill.
  await poll(
    "quick tasks done, long ones started",
    async () => {
      const s = await statesOf(k!.api, [...sent.quick, ...sent.long]);
      const quickDone = sent.quick.every((id) => s.get(id) === "SUCCESS");
      const longRunning = sent.long.every((id) => s.get(id) === "STARTED");
      return quickDone && longRunning ? true : undefined;
    },
    60_000,
    250,
  );
  await kill(k);
  const dataDir = k.server.dataDir;
  k = undefined;

  // While QueueDeck is down the long tasks end; their events go nowhere.
  const backend = new Redis(backendUrl);
  await poll(
    "long tasks finished in the backend",
    async () => {
      const metas = await backend.mget(sent.long.map((id) => `celery-task-meta-${id}`));
      return metas.every((m) => m !== null && (JSON.parse(m) as { status: string }).status === "SUCCESS") ? true : undefined;
    },
    60_000,
    500,
  );
  await backend.quit();
  expect(integrityCheck(dataDir)).toBe("ok");

  k = await startSignedIn(config, dataDir);
  const after = await poll(
    "long tasks reconciled",
    async () => {
      const s = await statesOf(k!.api, [...sent.quick, ...sent.long]);
      return sent.long.every((id) => s.get(id) === "SUCCESS") ? s : undefined;
    },
    30_000,
    500,
  );
  // Their events were sent while nothing listened: the result backend told the restarted server.
  expect(k.server.output()).toContain(`celery: ${LONG} tasks finished while QueueDeck was stopped, completed from the result backend`);
  // Every task the intake took in before the kill is there, finished.
  expect([...after.values()].filter((s) => s === "SUCCESS")).toHaveLength(QUICK + LONG);
  const detail = (await k.api.get(`${TASKS}/${sent.long[0]}`)).json;
  expect(detail).toMatchObject({ state: "SUCCESS", name: "demo.long_report", result: JSON.stringify({ rows: 600, steps: 6 }) });
  expect(detail.worker).toContain(`kill-${run}`);
  console.log(`celery kill -9: ${QUICK} finished tasks kept, ${LONG} running at the kill finished from the result backend after the restart`);
});
