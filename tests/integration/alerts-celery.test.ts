// Alert rules scoped to Celery task names: a rule on dead letters (failed tasks not sent again,
// from the task history) fires for the task names its wildcard matches, with the real count of a
// real worker's failures, and stays quiet for names it does not match.
import { execFileSync } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertsDto } from "@/lib/alerts";
import { bindingSetKey, priorityQueueKeys } from "@/server/brokers/celery/envelope";
import { redisUrl, runId } from "../support/brokers";
import { CELERY_DEMO_DIR, CELERY_PYTHON, startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const ADMIN_PASSWORD = "admin-password-for-celery-alerts";
const run = runId();
const queue = `${run}.alerts`;
// Databases no other test uses.
const brokerUrl = redisUrl(3);
const backendUrl = redisUrl(4);
const S = "/api/v1/sources/celery";

let worker: CeleryWorkerHandle;
let server: RunningServer;
let admin: ApiClient;
const taskIds: string[] = [];

/** Sent with Celery's own client, as an application would. */
function sendWithCelery(name: string, args: unknown[]): string {
  const out = execFileSync(CELERY_PYTHON, ["-c", `from demo_tasks import app\nprint(app.send_task(${JSON.stringify(name)}, args=${JSON.stringify(args)}, queue=${JSON.stringify(queue)}).id)`], {
    cwd: CELERY_DEMO_DIR,
    env: { ...process.env, PYTHONPATH: CELERY_DEMO_DIR, CELERY_BROKER_URL: brokerUrl, CELERY_RESULT_BACKEND: backendUrl },
  });
  const id = out.toString().trim().split("\n").at(-1)!;
  taskIds.push(id);
  return id;
}

beforeAll(async () => {
  worker = await startCeleryWorker({ brokerUrl, backendUrl, name: run, queues: [queue] });
  server = await startServer({
    config: { sources: [{ id: "celery", kind: "celery", name: "Celery", brokerUrl, resultBackendUrl: backendUrl, queues: [queue] }] },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  admin = new ApiClient(server.url);
  expect((await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  await poll("the worker in the snapshot", async () => (((await admin.get(`${S}/workers`)).json.items as { hostname: string }[]).some((w) => w.hostname === worker.hostname) ? true : undefined));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await worker?.stop();
  const broker = new Redis(brokerUrl);
  await broker.del(...priorityQueueKeys(queue), bindingSetKey(queue));
  broker.disconnect();
  const backend = new Redis(backendUrl);
  if (taskIds.length) await backend.del(...taskIds.map((id) => `celery-task-meta-${id}`));
  backend.disconnect();
});

describe("alert rules on Celery task names", () => {
  it("fire on the failed tasks of the names a wildcard matches, with the history's count", async () => {
    const rule = (name: string, entity: string) => ({ name, source: "celery", entity, metric: "deadLetters", op: ">", threshold: 1, forSeconds: 0, severity: "warning", webhookIds: [] });
    expect((await admin.post("/api/v1/alerts/rules", rule("demo failures", "demo.*"))).status).toBe(201);
    expect((await admin.post("/api/v1/alerts/rules", rule("email failures", "emails.*"))).status).toBe(201);
    // demo.add(1, "b") raises TypeError in the worker: two real failures.
    const failed = [sendWithCelery("demo.add", [1, "b"]), sendWithCelery("demo.add", [2, "c"])];
    await poll("both failures in the task history", async () => {
      const items = (await admin.get(`${S}/tasks?state=FAILURE&name=demo.add`)).json.items as { id: string }[];
      return failed.every((id) => items.some((t) => t.id === id)) ? true : undefined;
    }, 30_000);
    const firing = await poll("the demo rule firing", async () => {
      const a = (await admin.get("/api/v1/alerts")).json as AlertsDto;
      return a.firing.find((f) => f.name === "demo failures");
    }, 30_000);
    expect(firing).toMatchObject({ source: "celery", entity: "demo.add", value: 2 });
    const all = (await admin.get("/api/v1/alerts")).json as AlertsDto;
    expect(all.firing.filter((f) => f.name === "email failures")).toEqual([]);
    expect(all.history.items.filter((e) => e.state === "firing").map((e) => [e.name, e.entity, e.value])).toEqual([["demo failures", "demo.add", 2]]);
  }, 90_000);
});
