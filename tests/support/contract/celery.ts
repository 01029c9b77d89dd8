// Celery for the contract battery: a real worker (the demo app) on a Redis db of the battery's
// own, consuming a queue of this run's own and running a long task, plus a queue nobody consumes
// holding a few messages. The worker stops and this run's keys go at the end.
import { expect } from "vitest";
import { execFileSync } from "node:child_process";
import { Redis } from "ioredis";
import { bindingSetKey, buildTaskMessage, priorityQueueKeys } from "@/server/brokers/celery/envelope";
import { redisUrl, runId } from "../brokers";
import { CELERY_DEMO_DIR, CELERY_PYTHON, startCeleryWorker, type CeleryWorkerHandle } from "../celery-worker";
import { poll } from "../wait";
import { listItem, ok } from "./api";
import { inspectWithCelery, workerRateLimit } from "./celery-inspect";
import { ACTIVE_TASKS, DOWN_PORT, DOWN_SECRET, type ActionAttempt, type ContractContext, type Exercise, type KindFixture } from "./types";

// db 11/12: no other test or demo uses them, so no other worker answers our broadcasts.
const BROKER_DB = 11;
const BACKEND_DB = 12;
const IDLE_DEPTH = 3;
const RATE_LIMITED_TASK = "demo.add";

/**
 * Tasks the stopped worker was running stay in kombu's `unacked` hash, to be restored into our
 * (deleted) queue by the next worker on this db: drop the entries routed to `queue` (one HSCAN
 * page is enough: this db holds only the battery's few entries).
 */
async function forgetUnacked(redis: Redis, queue: string): Promise<void> {
  const [, fields] = await redis.hscan("unacked", "0", "COUNT", 10_000);
  const ours = fields.filter((_, i) => i % 2 === 0 && fields[i + 1]!.includes(JSON.stringify(queue)));
  if (ours.length) {
    await redis.hdel("unacked", ...ours);
    await redis.zrem("unacked_index", ...ours);
  }
}

export function celeryFixture(): KindFixture {
  const run = runId();
  const workQueue = `${run}.work`;
  const idleQueue = `${run}.idle`;
  const purgeQueue = `${run}.purge`;
  const brokerUrl = redisUrl(BROKER_DB);
  const backendUrl = redisUrl(BACKEND_DB);
  const taskIds: string[] = [];
  let worker: CeleryWorkerHandle | undefined;
  let broker: Redis | undefined;
  let backend: Redis | undefined;
  let seededTask = "";
  let failedTask = "";

  /** A task that reports progress for five minutes (outlasting the battery) on our worker. */
  async function startLongTask(): Promise<string> {
    const msg = buildTaskMessage({ name: "demo.long_report", kwargs: { steps: 600, interval: 0.5 }, queue: workQueue });
    taskIds.push(msg.id);
    await broker!.lpush(msg.queue, msg.envelope);
    return msg.id;
  }
  const running = (ctx: ContractContext, id: string) => listItem(ctx, ACTIVE_TASKS, `task ${id} running`, (t) => t.id === id, 30_000);
  const backendMeta = async (id: string) => {
    const raw = await backend!.get(`celery-task-meta-${id}`);
    return raw ? (JSON.parse(raw) as { status: string; result: unknown }) : undefined;
  };
  const backendState = async (id: string) => (await backendMeta(id))?.status;
  const inspect = (method: string) => inspectWithCelery(brokerUrl, worker!.hostname, method);
  const workerPath = (verb = "") => `workers/${encodeURIComponent(worker!.hostname)}${verb}`;
  const poolSize = async () => ((await inspect("stats")).pool.processes as number[]).length;
  const consumed = async () => ((await inspect("active_queues")) as { name: string }[]).map((q) => q.name);

  const sendWithCelery = (name: string, args: unknown[], queue: string): string =>
    execFileSync(CELERY_PYTHON, ["-c", `from demo_tasks import app\nprint(app.send_task(${JSON.stringify(name)}, args=${JSON.stringify(args)}, queue=${JSON.stringify(queue)}).id)`], {
      cwd: CELERY_DEMO_DIR,
      env: { ...process.env, PYTHONPATH: CELERY_DEMO_DIR, CELERY_BROKER_URL: brokerUrl, CELERY_RESULT_BACKEND: backendUrl },
    })
      .toString()
      .trim()
      .split("\n")
      .at(-1)!;

  /** taskRetry: a failed task sent again fails the same way (same args), and the history links the two. */
  const taskRetryExercise: Exercise = async (ctx) => {
    // Sent by Celery's own client: its task-sent event is what tells the history the queue.
    const msg = { id: sendWithCelery("demo.add", ["a", 1], workQueue) };
    taskIds.push(msg.id);
    await poll("the failed task in the history", async () => {
      const r = await ctx.admin.get(`${ctx.base}/tasks/${msg.id}`);
      return r.status === 200 && r.json.state === "FAILURE" ? true : undefined;
    });
    const sent = await ok(ctx.admin.post(`${ctx.base}/tasks/${msg.id}/retry`, {}), "retry");
    expect(sent).toMatchObject({ retriedFrom: msg.id, queue: workQueue });
    taskIds.push(sent.taskId);
    const first = await backendMeta(msg.id);
    const again = await poll("the retry failed too", async () => ((await backendState(sent.taskId)) === "FAILURE" ? backendMeta(sent.taskId) : undefined));
    expect(again!.result, "same exception and message: same args").toEqual(first!.result);
    const old = await ok(ctx.admin.get(`${ctx.base}/tasks/${msg.id}`), "the old task");
    expect(old.retriedAs).toContain(sent.taskId);
  };
  const retryAttempt = async (): Promise<ActionAttempt> => ({ method: "POST", path: `tasks/${encodeURIComponent(seededTask)}/retry`, target: seededTask });

  return {
    kind: "celery",
    source: { id: "ct-celery", kind: "celery", name: "Contract Celery", brokerUrl, resultBackendUrl: backendUrl, queues: [idleQueue] },
    downSource: { id: "ct-celery-down", kind: "celery", name: "Contract Celery (down)", brokerUrl: `redis://:${DOWN_SECRET}@127.0.0.1:${DOWN_PORT}/0` },

    async setup() {
      broker = new Redis(brokerUrl);
      backend = new Redis(backendUrl);
      worker = await startCeleryWorker({ brokerUrl, backendUrl, name: run, queues: [workQueue], stopGraceMs: 1000 });
      for (let i = 0; i < IDLE_DEPTH; i++) await broker.lpush(idleQueue, buildTaskMessage({ name: "demo.add", args: [i, i], queue: idleQueue }).envelope);
      seededTask = await startLongTask();
    },

    async cleanup() {
      await worker?.stop();
      await broker?.del(...priorityQueueKeys(workQueue), ...priorityQueueKeys(idleQueue), ...priorityQueueKeys(purgeQueue), bindingSetKey(workQueue));
      if (broker) await forgetUnacked(broker, workQueue);
      if (taskIds.length) await backend?.del(...taskIds.map((id) => `celery-task-meta-${id}`));
      broker?.disconnect();
      backend?.disconnect();
    },

    ours: (list, item) =>
      list === "workers"
        ? item.hostname === worker?.hostname
        : list === ACTIVE_TASKS
          ? taskIds.includes(item.id)
          : list === "dead-letters"
            ? item.id === "demo.add" && failedTask !== ""
            : String(item.name).startsWith(run),

    // A failed task, once the server's event receiver listens: Celery's dead letters are failures.
    async afterServerStart(ctx) {
      failedTask = sendWithCelery("demo.add", [1, "b"], workQueue);
      taskIds.push(failedTask);
      await listItem(ctx, "tasks?state=FAILURE&name=demo.add", `failed task ${failedTask}`, (t) => t.id === failedTask, 30_000);
    },

    exercises: {
      taskRetry: taskRetryExercise,
      // Failed tasks are Celery's dead letters: one row per task name, with its exceptions.
      async deadLetters(ctx) {
        const row = await listItem(ctx, "dead-letters", "demo.add among the failures", (d) => d.id === "demo.add");
        const failed = await ok(ctx.admin.get(`${ctx.base}/tasks?state=FAILURE&name=demo.add&limit=500`), "failed demo.add tasks");
        // A failure QueueDeck has sent again is handled: it leaves the dead letters.
        const details = await Promise.all(failed.items.map((t: { id: string }) => ok(ctx.admin.get(`${ctx.base}/tasks/${encodeURIComponent(t.id)}`), `task ${t.id}`)));
        const notRetried = details.filter((d: { retriedAs: string[] }) => d.retriedAs.length === 0);
        expect(failed.items.length).toBeGreaterThan(0);
        expect(row.count).toBe(notRetried.length);
        expect(row.newest).toBeGreaterThanOrEqual(row.oldest);
        expect(row.topExceptions.map((e: { message: string }) => e.message).join("\n")).toMatch(/TypeError/);
        // Grouped by signature, the reasons account for every failure counted (at most three reasons).
        const reasons = row.topReasons as { signature: string; count: number }[];
        expect(reasons.map((r) => r.signature).join("\n")).toMatch(/TypeError/);
        if (reasons.length < 3) expect(reasons.reduce((n, r) => n + r.count, 0)).toBe(row.count);
      },
      async workers(ctx) {
        const w = await listItem(ctx, "workers", `worker ${worker!.hostname}`, (x) => x.hostname === worker!.hostname);
        expect(w.queues).toEqual([workQueue]);
      },

      async tasks(ctx) {
        const t = await running(ctx, seededTask);
        expect(t).toMatchObject({ name: "demo.long_report", worker: worker!.hostname });
      },

      async queues(ctx) {
        const q = await listItem(ctx, "queues", `${idleQueue} holding ${IDLE_DEPTH}`, (x) => x.name === idleQueue && x.depth === IDLE_DEPTH);
        expect(await ok(ctx.admin.get(`${ctx.base}/queues/${encodeURIComponent(q.id)}`), "queue detail")).toMatchObject({ name: idleQueue, depth: IDLE_DEPTH });
      },

      async revoke(ctx) {
        const id = await startLongTask();
        await running(ctx, id);
        const res = await ok(ctx.admin.post(`${ctx.base}/tasks/${encodeURIComponent(id)}/revoke`, { terminate: true, signal: "TERM" }), "revoke");
        expect(res).toEqual({ ok: true, acknowledged: [worker!.hostname], noReply: [], refused: [] });
        await poll("REVOKED in the result backend", async () => ((await backendState(id)) === "REVOKED" ? true : undefined), 10_000);
        await poll("the task gone from the task list", async () => {
          const items = (await ctx.admin.get(`${ctx.base}/${ACTIVE_TASKS}`)).json.items as { id: string }[];
          return items.some((t) => t.id === id) ? undefined : true;
        });
      },

      async taskRateLimit(ctx) {
        const url = `${ctx.base}/task-types/${encodeURIComponent(RATE_LIMITED_TASK)}/rate-limit`;
        const set = await ok(ctx.admin.request("PUT", url, { rate: "7/m" }), "set task rate limit");
        expect(set).toEqual({ ok: true, acknowledged: [worker!.hostname], noReply: [], refused: [] });
        expect(await workerRateLimit(brokerUrl, worker!.hostname, RATE_LIMITED_TASK)).toBe("7/m");
        await ok(ctx.admin.request("PUT", url, { rate: "" }), "remove task rate limit");
        expect(await workerRateLimit(brokerUrl, worker!.hostname, RATE_LIMITED_TASK)).toBe("");
      },

      async taskTypes(ctx) {
        const list = await ok(ctx.admin.get(`${ctx.base}/task-types`), "task types");
        expect(list.answered).toEqual([worker!.hostname]);
        const registered = ((await inspect("registered")) as string[]).map((e) => e.split(" ")[0]).sort();
        expect(list.items.map((t: { name: string }) => t.name)).toEqual(registered);
        expect(list.items.find((t: { name: string }) => t.name === RATE_LIMITED_TASK).workers).toEqual([{ worker: worker!.hostname, rateLimit: null }]);
      },

      async workerDetail(ctx) {
        const d = await ok(ctx.admin.get(`${ctx.base}/${workerPath()}`), "worker detail");
        expect(d).toMatchObject({ id: worker!.hostname, pool: "prefork", queues: [{ name: workQueue }] });
        expect(d.active.map((t: { id: string }) => t.id)).toContain(seededTask);
        expect(d.pid).toBe((await inspect("stats")).pid);
      },

      async workerPool(ctx) {
        const before = await poolSize();
        expect(await ok(ctx.admin.post(`${ctx.base}/${workerPath("/pool")}`, { grow: 1 }), "grow")).toEqual({ ok: true, acknowledged: [worker!.hostname], noReply: [], refused: [] });
        await poll(`${before + 1} pool processes`, async () => ((await poolSize()) === before + 1 ? true : undefined), 20_000, 500);
        await ok(ctx.admin.post(`${ctx.base}/${workerPath("/pool")}`, { shrink: 1 }), "shrink");
        await poll(`${before} pool processes again`, async () => ((await poolSize()) === before ? true : undefined), 20_000, 500);
      },

      async workerConsumers(ctx) {
        const path = `${ctx.base}/${workerPath("/consumers")}`;
        expect(await ok(ctx.admin.post(path, { queue: workQueue, action: "cancel" }), "cancel consumer")).toMatchObject({ ok: true, acknowledged: [worker!.hostname] });
        await poll(`${workQueue} no longer consumed`, async () => ((await consumed()).includes(workQueue) ? undefined : true));
        const msg = buildTaskMessage({ name: "demo.add", args: [5, 6], queue: workQueue });
        taskIds.push(msg.id);
        await broker!.lpush(workQueue, msg.envelope);
        await new Promise((r) => setTimeout(r, 1500));
        expect(await broker!.llen(workQueue), "the task waits while nobody consumes the queue").toBe(1);
        await ok(ctx.admin.post(path, { queue: workQueue, action: "add" }), "add consumer");
        expect(await poll("the waiting task run", async () => ((await backendState(msg.id)) === "SUCCESS" ? backendMeta(msg.id) : undefined))).toMatchObject({ result: 11 });
        expect(await consumed()).toEqual([workQueue]);
      },

      async purge(ctx) {
        for (let i = 0; i < 4; i++) await broker!.lpush(purgeQueue, buildTaskMessage({ name: "demo.add", args: [i, i], queue: purgeQueue }).envelope);
        expect(await ok(ctx.admin.post(`${ctx.base}/queues/${encodeURIComponent(purgeQueue)}/purge`, {}), "purge")).toEqual({ purged: 4 });
        expect(await broker!.llen(purgeQueue)).toBe(0);
      },
    },

    viewerAttempts: {
      taskRetry: retryAttempt,
      purge: async () => ({ method: "POST", path: `queues/${encodeURIComponent(idleQueue)}/purge`, target: idleQueue }),
      workerPool: async () => ({ method: "POST", path: workerPath("/pool"), body: { grow: 1 }, target: worker!.hostname }),
      workerConsumers: async () => ({ method: "POST", path: workerPath("/consumers"), body: { queue: workQueue, action: "cancel" }, target: worker!.hostname }),
      revoke: async () => ({ method: "POST", path: `tasks/${encodeURIComponent(seededTask)}/revoke`, body: { terminate: false }, target: seededTask }),
      taskRateLimit: async () => ({
        method: "PUT",
        path: `task-types/${encodeURIComponent(RATE_LIMITED_TASK)}/rate-limit`,
        body: { rate: "1/s" },
        target: RATE_LIMITED_TASK,
      }),
    },
  };
}
