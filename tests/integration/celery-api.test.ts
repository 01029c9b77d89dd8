// Celery's remote-control routes over HTTP on a real QueueDeck server (next start), real Redis
// and a real Celery worker: revoke (terminate) and a task type's rate limit, who acknowledged,
// roles and audit, read back from the worker with Celery's own `inspect registered`.
import { execFileSync } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTaskMessage, bindingSetKey, priorityQueueKeys } from "@/server/brokers/celery/envelope";
import { redisUrl, runId } from "../support/brokers";
import { CELERY_DEMO_DIR, CELERY_PYTHON, startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const ADMIN_PASSWORD = "admin-password-for-celery-api";
const run = runId();
const queue = `${run}.work`;
// Databases no other test uses: the rate limit is set on every worker listening there.
const brokerUrl = redisUrl(12);
const backendUrl = redisUrl(13);
const S = "/api/v1/sources/celery";

let worker: CeleryWorkerHandle;
let server: RunningServer;
let admin: ApiClient;
let viewer: ApiClient;
let broker: Redis;
let backend: Redis;
const taskIds: string[] = [];

/** What the worker itself says about a task type's rate limit (Celery's own client, not ours). */
function registeredRateLimit(task: string): string {
  const script = [
    "import json, sys",
    "from demo_tasks import app",
    "r = app.control.inspect(destination=[sys.argv[1]], timeout=3).registered('rate_limit') or {}",
    "print(json.dumps(r))",
  ].join("\n");
  const out = execFileSync(CELERY_PYTHON, ["-c", script, worker.hostname], {
    cwd: CELERY_DEMO_DIR,
    env: { ...process.env, PYTHONPATH: CELERY_DEMO_DIR, CELERY_BROKER_URL: brokerUrl, CELERY_RESULT_BACKEND: backendUrl },
  }).toString();
  const lines = (JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, string[]>)[worker.hostname] ?? [];
  return lines.find((l) => l.startsWith(`${task} `)) ?? `${task} not registered`;
}

async function audit(action: string) {
  return (await admin.get(`/api/v1/audit?source=celery&action=${action}&limit=10`)).json.items as any[];
}

beforeAll(async () => {
  broker = new Redis(brokerUrl);
  backend = new Redis(backendUrl);
  worker = await startCeleryWorker({ brokerUrl, backendUrl, name: run, queues: [queue] });
  server = await startServer({
    config: { sources: [{ id: "celery", kind: "celery", name: "Celery", brokerUrl, resultBackendUrl: backendUrl, queues: [queue] }] },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  admin = new ApiClient(server.url);
  expect((await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  expect((await admin.post("/api/v1/users", { username: "vera", password: "viewer-password-1", role: "viewer" })).status).toBe(201);
  viewer = new ApiClient(server.url);
  expect((await viewer.post("/api/v1/session", { username: "vera", password: "viewer-password-1" })).status).toBe(200);
  // The reply names who did not answer from the collector's snapshot: wait until it has the worker.
  await poll("the worker in the snapshot", async () =>
    ((await admin.get(`${S}/workers`)).json.items as any[]).some((w) => w.hostname === worker.hostname) ? true : undefined,
  );
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await worker?.stop();
  await broker?.del(...priorityQueueKeys(queue), bindingSetKey(queue));
  if (taskIds.length) await backend?.del(...taskIds.map((id) => `celery-task-meta-${id}`));
  broker?.disconnect();
  backend?.disconnect();
});

describe("Celery actions over HTTP", () => {
  it("announces revoke and taskRateLimit, and nothing it cannot do", async () => {
    const source = (await admin.get(S)).json;
    expect(source.capabilities).toMatchObject({ revoke: true, taskRateLimit: true, workers: true, tasks: true, queues: true, queueRateLimit: false, purge: false });
  });

  it("revokes a running task with terminate: the worker acknowledges, the backend says REVOKED, the audit names the task", async () => {
    const msg = buildTaskMessage({ name: "demo.long_report", kwargs: { steps: 120, interval: 0.5 }, queue });
    taskIds.push(msg.id);
    await broker.lpush(msg.queue, msg.envelope);
    await poll("the task running", async () => (((await admin.get(`${S}/tasks?active=1`)).json.items as any[]).some((t) => t.id === msg.id) ? true : undefined));

    const r = await admin.post(`${S}/tasks/${msg.id}/revoke`, { terminate: true });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: true, acknowledged: [worker.hostname], noReply: [], refused: [] });
    await poll("REVOKED in the result backend", async () => {
      const raw = await backend.get(`celery-task-meta-${msg.id}`);
      return raw && (JSON.parse(raw) as { status: string }).status === "REVOKED" ? true : undefined;
    });
    expect((await audit("task.revoke"))[0]).toMatchObject({
      outcome: "ok",
      actor: "admin",
      target: msg.id,
      params: { terminate: true, signal: "TERM" },
      counts: { acknowledged: 1, noReply: 0, refused: 0 },
    });
  });

  it("sets and removes a task type's rate limit; the worker reads it back; an unknown task is refused by name", async () => {
    const set = await admin.request("PUT", `${S}/task-types/demo.add/rate-limit`, { rate: "7/m" });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({ ok: true, acknowledged: [worker.hostname], noReply: [], refused: [] });
    expect(registeredRateLimit("demo.add")).toBe("demo.add [rate_limit=7/m]");
    expect((await audit("task-type.rate-limit"))[0]).toMatchObject({ outcome: "ok", target: "demo.add", params: { rate: "7/m" }, counts: { acknowledged: 1 } });

    const off = await admin.request("PUT", `${S}/task-types/demo.add/rate-limit`, { rate: "" });
    expect(off.json).toMatchObject({ ok: true, acknowledged: [worker.hostname] });
    expect(registeredRateLimit("demo.add")).toBe("demo.add [rate_limit=]");

    const unknown = await admin.request("PUT", `${S}/task-types/demo.nope/rate-limit`, { rate: "1/s" });
    expect(unknown.json).toEqual({ ok: false, acknowledged: [], noReply: [], refused: [{ worker: worker.hostname, error: "unknown task" }] });
  });

  it("validates bodies field by field", async () => {
    const rate = await admin.request("PUT", `${S}/task-types/demo.add/rate-limit`, { rate: "ten per minute" });
    expect(rate.status).toBe(400);
    expect(rate.json.error.message).toMatch(/^rate: /);
    const signal = await admin.post(`${S}/tasks/${crypto.randomUUID()}/revoke`, { terminate: true, signal: "HUP" });
    expect(signal.status).toBe(400);
    expect(signal.json.error.message).toMatch(/^signal: /);
    expect((await admin.post(`${S}/tasks/${crypto.randomUUID()}/revoke`, { kill: true })).json.error.message).toMatch(/kill/);
  });

  it("viewers may not act; each refusal is audited", async () => {
    const id = crypto.randomUUID();
    const r = await viewer.post(`${S}/tasks/${id}/revoke`, {});
    expect(r.status).toBe(403);
    expect((await audit("task.revoke"))[0]).toMatchObject({ actor: "vera", outcome: "denied", target: id });
    const limit = await viewer.request("PUT", `${S}/task-types/demo.add/rate-limit`, { rate: "1/s" });
    expect(limit.status).toBe(403);
    expect((await audit("task-type.rate-limit"))[0]).toMatchObject({ actor: "vera", outcome: "denied", target: "demo.add" });
    expect(registeredRateLimit("demo.add")).toBe("demo.add [rate_limit=]");
  });
});
