// Celery for the contract battery: a real worker (the demo app) on a Redis db of the battery's
// own, consuming a queue of this run's own and running a long task, plus a queue nobody consumes
// holding a few messages. The worker stops and this run's keys go at the end.
import { expect } from "vitest";
import { Redis } from "ioredis";
import { bindingSetKey, buildTaskMessage, priorityQueueKeys } from "@/server/brokers/celery/envelope";
import { redisUrl, runId } from "../brokers";
import { startCeleryWorker, type CeleryWorkerHandle } from "../celery-worker";
import { poll } from "../wait";
import { listItem, ok } from "./api";
import { workerRateLimit } from "./celery-inspect";
import { ACTIVE_TASKS, DOWN_PORT, DOWN_SECRET, type ContractContext, type KindFixture } from "./types";

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
  const brokerUrl = redisUrl(BROKER_DB);
  const backendUrl = redisUrl(BACKEND_DB);
  const taskIds: string[] = [];
  let worker: CeleryWorkerHandle | undefined;
  let broker: Redis | undefined;
  let backend: Redis | undefined;
  let seededTask = "";

  /** A task that reports progress for five minutes (outlasting the battery) on our worker. */
  async function startLongTask(): Promise<string> {
    const msg = buildTaskMessage({ name: "demo.long_report", kwargs: { steps: 600, interval: 0.5 }, queue: workQueue });
    taskIds.push(msg.id);
    await broker!.lpush(msg.queue, msg.envelope);
    return msg.id;
  }
  const running = (ctx: ContractContext, id: string) => listItem(ctx, ACTIVE_TASKS, `task ${id} running`, (t) => t.id === id, 30_000);
  const backendState = async (id: string) => {
    const raw = await backend!.get(`celery-task-meta-${id}`);
    return raw ? (JSON.parse(raw) as { status: string }).status : undefined;
  };

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
      await broker?.del(...priorityQueueKeys(workQueue), ...priorityQueueKeys(idleQueue), bindingSetKey(workQueue));
      if (broker) await forgetUnacked(broker, workQueue);
      if (taskIds.length) await backend?.del(...taskIds.map((id) => `celery-task-meta-${id}`));
      broker?.disconnect();
      backend?.disconnect();
    },

    ours: (list, item) =>
      list === "workers" ? item.hostname === worker?.hostname : list === ACTIVE_TASKS ? taskIds.includes(item.id) : String(item.name).startsWith(run),

    exercises: {
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
    },

    viewerAttempts: {
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
