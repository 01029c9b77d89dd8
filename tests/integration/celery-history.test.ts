// Celery task history end to end: a real Celery worker (the demo app) on Redis db 4 (results in
// db 5) runs tasks sent by Celery's own client; their events go through the history receiver into
// a real store file; the history is then read back from the store, after re-opening it (a
// restart), and over HTTP from a QueueDeck server started on the same data folder.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { celeryTaskListQuerySchema, type CeleryTaskDetailDto, type CeleryTaskNodeDto } from "@/lib/celery";
import { bindingSetKey, priorityQueueKeys } from "@/server/brokers/celery/envelope";
import { createCeleryAdapter, type CeleryAdapter } from "@/server/brokers/celery/adapter";
import { startCeleryHistory } from "@/server/celery-history/receiver";
import { CeleryHistoryStore } from "@/server/celery-history/store";
import { openDb, type Db } from "@/server/store/db";
import { redisUrl, runId } from "../support/brokers";
import { CELERY_DEMO_DIR, CELERY_PYTHON, startCeleryWorker, type CeleryWorkerHandle } from "../support/celery-worker";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";


const SOURCE = "celery";
const BROKER_DB = 4;
const run = runId();
const queue = `${run}.hist`;
const brokerUrl = redisUrl(BROKER_DB);
const backendUrl = redisUrl(5);
const ADMIN_PASSWORD = "admin-password-for-celery-history";
const PLAIN_ADDS = 12;

/** Ids of what the client sent (printed by the Python script below). */
interface Sent {
  add: string;
  fail: string;
  flaky: string;
  chain: [string, string, string];
  marked: string;
  plain: string[];
}

/** Sends the tasks with Celery's own client (so task-sent events are real) and returns their ids. */
function sendTasks(): Sent {
  const script = `
import json
from celery import chain
from demo_tasks import add, flaky
q = ${JSON.stringify(queue)}
a = add.apply_async((2, 3), queue=q)
f = add.apply_async((2, 'x'), queue=q)
fl = flaky.apply_async(kwargs={'fail_rate': 1.0}, queue=q)
c = chain(add.s(1, 1).set(queue=q), add.s(10).set(queue=q), add.s(100).set(queue=q)).apply_async()
m = add.apply_async((${JSON.stringify(`${run}-left`)}, '-right'), queue=q)
plain = [add.apply_async((i, i), queue=q).id for i in range(${PLAIN_ADDS})]
print(json.dumps({'add': a.id, 'fail': f.id, 'flaky': fl.id, 'chain': [c.parent.parent.id, c.parent.id, c.id], 'marked': m.id, 'plain': plain}))
`;
  const out = execFileSync(CELERY_PYTHON, ["-c", script], {
    cwd: CELERY_DEMO_DIR,
    env: { ...process.env, PYTHONPATH: CELERY_DEMO_DIR, CELERY_BROKER_URL: brokerUrl, CELERY_RESULT_BACKEND: backendUrl },
  }).toString();
  return JSON.parse(out.trim().split("\n").at(-1)!) as Sent;
}

const FINISHED = new Set(["SUCCESS", "FAILURE", "REVOKED"]);
const shape = (n: CeleryTaskNodeDto | null): string => (n ? `${n.id}${n.children.length ? `(${n.children.map(shape).join(",")})` : ""}` : "none");

let dataDir: string;
let db: Db;
let store: CeleryHistoryStore;
let adapter: CeleryAdapter;
let stopReceiver: (() => Promise<void>) | undefined;
let worker: CeleryWorkerHandle | undefined;
let sent: Sent;
let all: string[];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-history-it-"));
  db = openDb(dataDir);
  store = new CeleryHistoryStore(db);
  // The adapter's own events hub, as the server wires it (server/runtime.ts).
  adapter = createCeleryAdapter({ id: SOURCE, kind: "celery", name: "history", brokerUrl, resultBackendUrl: backendUrl });
  await adapter.connect();
  stopReceiver = startCeleryHistory(SOURCE, adapter.events, store, { flushMs: 100 });
  worker = await startCeleryWorker({ brokerUrl, backendUrl, name: run, queues: [queue] });
  sent = sendTasks();
  all = [sent.add, sent.fail, sent.flaky, ...sent.chain, sent.marked, ...sent.plain];
  // demo.flaky with fail_rate 1.0 retries three times (2 s, 4 s, 6 s apart) before failing.
  await poll(
    "every task finished in the history",
    async () => {
      for (const id of all) if (!FINISHED.has((await store.detail(SOURCE, id))?.state ?? "")) return undefined;
      return true;
    },
    45_000,
  );
}, 120_000);

afterAll(async () => {
  await stopReceiver?.();
  await adapter?.close();
  await worker?.stop();
  const redis = new Redis(brokerUrl);
  await redis.del(...priorityQueueKeys(queue), bindingSetKey(queue));
  redis.disconnect();
  const backend = new Redis(backendUrl);
  if (all?.length) await backend.del(...all.map((id) => `celery-task-meta-${id}`));
  backend.disconnect();
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const detail = async (id: string): Promise<CeleryTaskDetailDto> => (await store.detail(SOURCE, id))!;
const list = async (q: Record<string, string>) => (await store.list(SOURCE, celeryTaskListQuerySchema.parse(q))).items;

describe("Celery task history from a real worker's events", () => {
  it("has demo.add as SUCCESS with its args, result, runtime, worker and whole timeline", async () => {
    const t = await detail(sent.add);
    expect(t).toMatchObject({ id: sent.add, name: "demo.add", state: "SUCCESS", args: "(2, 3)", kwargs: "{}", result: "5", worker: worker!.hostname, queue, routingKey: queue, retries: 0, rootId: sent.add });
    expect(t.runtime).toBeGreaterThan(0);
    expect(t.runtime).toBeLessThan(5);
    // The client stamps task-sent after publishing: the worker may have stamped task-received first.
    expect(t.timeline.map((s) => s.event).sort()).toEqual(["received", "sent", "started", "succeeded"]);
    expect(t.timeline.slice(-2).map((s) => [s.event, s.worker])).toEqual([
      ["started", worker!.hostname],
      ["succeeded", worker!.hostname],
    ]);
    expect(Date.parse(t.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(t.startedAt!));
  });

  it("has a failing task as FAILURE with the exception and the worker's traceback", async () => {
    const t = await detail(sent.fail);
    expect(t.state).toBe("FAILURE");
    expect(t.exception).toBe("TypeError(\"unsupported operand type(s) for +: 'int' and 'str'\")");
    expect(t.traceback).toMatch(/^Traceback \(most recent call last\):/);
    expect(t.traceback).toContain("demo_tasks.py");
    expect(t.timeline.at(-1)).toMatchObject({ event: "failed", detail: t.exception, worker: worker!.hostname });
  });

  it("follows demo.flaky through three retries to its failure", async () => {
    const t = await detail(sent.flaky);
    expect(t).toMatchObject({ state: "FAILURE", retries: 3, exception: "RuntimeError('flaky failure on attempt 4')", parentId: null });
    expect(t.timeline.filter((s) => s.event === "retried").map((s) => s.detail)).toEqual([1, 2, 3].map((n) => `RuntimeError('flaky failure on attempt ${n}')`));
    expect(t.eta).not.toBeNull();
  });

  it("draws a chain as a family tree from its root, whichever member is opened", async () => {
    const [first, second, third] = sent.chain;
    for (const id of sent.chain) expect(shape((await detail(id)).family)).toBe(`${first}(${second}(${third}))`);
    expect((await detail(third))).toMatchObject({ parentId: second, rootId: first, result: "112" });
    expect((await detail(sent.add)).family).toBeNull();
  });

  it("finds tasks by name, state, worker and text, and pages through every row exactly once", async () => {
    expect((await list({ q: `${run}-left` })).map((t) => t.id)).toEqual([sent.marked]);
    expect((await list({ q: "flaky failure on attempt 4" })).map((t) => t.id)).toEqual([sent.flaky]);
    expect((await list({ q: sent.add.slice(0, 8) })).map((t) => t.id)).toContain(sent.add);
    expect((await list({ name: "demo.flaky", limit: "500" })).map((t) => t.id)).toEqual([sent.flaky]);
    const failures = await list({ state: "FAILURE", limit: "500" });
    expect(failures.map((t) => t.id).sort()).toEqual([sent.fail, sent.flaky].sort());
    expect((await list({ state: "FAILURE", name: "demo.add" })).map((t) => t.id)).toEqual([sent.fail]);
    expect((await list({ worker: worker!.hostname, limit: "500" })).map((t) => t.id).sort()).toEqual([...all].sort());

    const everything = await list({ limit: "500" });
    expect(everything.map((t) => t.id).sort()).toEqual([...all].sort());
    const seenAt = everything.map((t) => Date.parse(t.seenAt));
    expect(seenAt).toEqual([...seenAt].sort((a, b) => b - a));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.list(SOURCE, celeryTaskListQuerySchema.parse({ limit: "4", ...(cursor ? { cursor } : {}) }));
      paged.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(everything.map((t) => t.id));
  });

  it("keeps the history when the store is closed and opened again (a restart)", async () => {
    await stopReceiver!();
    stopReceiver = undefined;
    const before = await list({ limit: "500" });
    await db.close();
    db = openDb(dataDir);
    store = new CeleryHistoryStore(db);
    expect((await list({ limit: "500" }))).toEqual(before);
    expect((await detail(sent.add)).state).toBe("SUCCESS");
  });

  describe("over HTTP, from a QueueDeck server started on that store", () => {
    let server: RunningServer;
    let api: ApiClient;
    const T = `/api/v1/sources/${SOURCE}/tasks`;

    beforeAll(async () => {
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

    it("lists, filters and pages the history", async () => {
      const r = await api.get(`${T}?limit=500`);
      expect(r.status).toBe(200);
      expect(r.json.nextCursor).toBeNull();
      const ids = (r.json.items as { id: string }[]).map((t) => t.id);
      expect([...ids].sort()).toEqual([...all].sort());
      expect(r.json.items.find((t: any) => t.id === sent.fail)).toMatchObject({ name: "demo.add", state: "FAILURE", argsPreview: "(2, 'x')", exception: expect.stringMatching(/^TypeError/) });

      const fail = await api.get(`${T}?state=FAILURE&name=demo.add`);
      expect(fail.json.items.map((t: any) => t.id)).toEqual([sent.fail]);
      expect((await api.get(`${T}?q=${encodeURIComponent(`${run}-left`)}`)).json.items.map((t: any) => t.id)).toEqual([sent.marked]);

      const first = await api.get(`${T}?limit=5`);
      expect(first.json.items).toHaveLength(5);
      const second = await api.get(`${T}?limit=5&cursor=${encodeURIComponent(first.json.nextCursor)}`);
      expect(second.json.items.map((t: any) => t.id)).toEqual(ids.slice(5, 10));
    });

    it("serves a task page, and 404 JSON for a task it never saw", async () => {
      const r = await api.get(`${T}/${sent.chain[1]}`);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ id: sent.chain[1], name: "demo.add", state: "SUCCESS", args: "(2, 10)", result: "12", parentId: sent.chain[0], retryable: false });
      expect(shape(r.json.family)).toBe(`${sent.chain[0]}(${sent.chain[1]}(${sent.chain[2]}))`);
      // A chain's next task is sent by the worker; its task-sent may be stamped after task-received.
      expect(r.json.timeline.map((s: any) => s.event).sort()).toEqual(["received", "sent", "started", "succeeded"]);
      const at = r.json.timeline.map((s: any) => Date.parse(s.at));
      expect(at).toEqual([...at].sort((a, b) => a - b));
      const missing = await api.get(`${T}/00000000-0000-4000-8000-000000000000`);
      expect(missing.status).toBe(404);
      expect(missing.json.error).toEqual({ code: "not_found", message: expect.stringContaining("00000000-0000-4000-8000-000000000000") });
    });

    it("charts per minute for the source and one task name", async () => {
      const now = Date.now();
      const r = await api.get(`${T}/stats?name=demo.add&from=${now - 10 * 60_000}&to=${now}`);
      expect(r.status).toBe(200);
      const points = r.json.points as { succeeded: number; failed: number; runtimeP50: number | null }[];
      expect(points.length).toBeGreaterThanOrEqual(10);
      expect(points.reduce((n, p) => n + p.succeeded, 0)).toBe(PLAIN_ADDS + 5);
      expect(points.reduce((n, p) => n + p.failed, 0)).toBe(1);
      expect(points.some((p) => p.runtimeP50 !== null && p.runtimeP50 > 0)).toBe(true);
      const source = await api.get(`${T}/stats`);
      expect(source.json.points.reduce((n: number, p: any) => n + p.failed, 0)).toBe(2);
    });

    it("answers bad filters with 400 JSON naming the parameter", async () => {
      const cases: [string, RegExp][] = [
        ["?state=FAILED", /^state\.0: a Celery state/],
        ["?cursor=abc", /^cursor: /],
        ["?from=2000&to=1000", /^from: from must not be after to/],
        ["?q=ab", /^q: search text needs at least 3 characters/],
        ["/stats?from=0&to=999999999999", /^from: the window is at most 24 hours/],
      ];
      for (const [q, message] of cases) {
        const r = await api.get(`${T}${q}`);
        expect(r.status, q).toBe(400);
        expect(r.json.error.code, q).toBe("invalid_request");
        expect(r.json.error.message, q).toMatch(message);
      }
    });

    it("still lists the running tasks at ?active=1, from the collector's snapshot", async () => {
      const r = await api.get(`${T}?active=1`);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ items: [], sampledAt: expect.any(String) });
    });
  });

  it("prunes beyond the retention limit, oldest first", async () => {
    const newest = (await list({ limit: "5" })).map((t) => t.id);
    expect(await store.prune(SOURCE, { maxTasks: 5, maxAgeMs: 7 * 86_400_000 })).toBe(all.length - 5);
    expect((await list({ limit: "500" })).map((t) => t.id)).toEqual(newest);
    expect((await store.detail(SOURCE, sent.add))).toBeUndefined();
  });
});
