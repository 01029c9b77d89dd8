// The parts of a CeleryTransport that the worker operations use, on Redis, built from the
// adapter's own Redis pieces (RemoteControl's broadcast, kombu's envelope). For tests that drive
// celeryWorkerOps without a QueueDeck server.
import { Redis } from "ioredis";
import { encodeEnvelope, priorityQueueKeys } from "@/server/brokers/celery/envelope";
import { RemoteControl } from "@/server/brokers/celery/remote-control";
import { BlockingPool, dbOfUrl } from "@/server/brokers/celery/redis-clients";
import type { WorkerOpsTransport } from "@/server/brokers/celery/worker-ops";

export interface TestTransport extends WorkerOpsTransport {
  close(): void;
}

export function redisWorkerOpsTransport(brokerUrl: string): TestTransport {
  const redis = new Redis(brokerUrl, { maxRetriesPerRequest: 1 });
  const pool = new BlockingPool(brokerUrl);
  const control = new RemoteControl(redis, pool, dbOfUrl(brokerUrl));
  return {
    broadcast: (calls, opts) => control.broadcastMany(calls, opts),
    async purgeQueue(name) {
      const keys = priorityQueueKeys(name);
      const multi = redis.multi();
      for (const k of keys) multi.llen(k);
      multi.del(...keys);
      const res = (await multi.exec()) ?? [];
      return res.slice(0, keys.length).reduce((sum, [, n]) => sum + Number(n ?? 0), 0);
    },
    async sendTask(task) {
      const headers = {
        lang: "py",
        task: task.name,
        id: task.id,
        shadow: null,
        eta: null,
        expires: null,
        group: null,
        group_index: null,
        retries: 0,
        timelimit: [null, null],
        root_id: task.rootId ?? task.id,
        parent_id: task.parentId ?? null,
        argsrepr: JSON.stringify(task.args),
        kwargsrepr: JSON.stringify(task.kwargs),
        origin: "queuedeck-test",
        ignore_result: false,
        ...task.headers,
      };
      const envelope = encodeEnvelope({
        body: [task.args, task.kwargs, { callbacks: null, errbacks: null, chain: null, chord: null }],
        headers,
        exchange: task.exchange ?? "",
        routingKey: task.routingKey ?? task.queue,
        deliveryMode: 2,
        correlationId: task.id,
        replyTo: crypto.randomUUID(),
      });
      await redis.lpush(task.queue, envelope);
    },
    describe: (err) => (err instanceof Error ? err.message : String(err)),
    close() {
      pool.close();
      redis.disconnect();
    },
  };
}
