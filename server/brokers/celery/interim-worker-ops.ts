import "server-only";
import type { CelerySourceConfig } from "@/lib/config-schema";
import { errorText, secretsOfUrl } from "@/server/redact";
import type { CeleryAdapter } from "./adapter";
import { encodeEnvelope, priorityQueueKeys } from "./envelope";
import { BlockingPool, closeRedis, createRedis, dbOfUrl } from "./redis-clients";
import { RemoteControl } from "./remote-control";
import { celeryWorkerOps, type WorkerOpsTransport } from "./worker-ops";

// INTERIM, until adapter.ts runs on a CeleryTransport (redis-transport.ts): gives the Celery
// adapter the worker operations through a Redis stand-in of the transport's broadcast,
// purgeQueue and sendTask. Retry stays off until the task history is wired. Once adapter.ts
// spreads `celeryWorkerOps(transport)` into its ops, delete this
// file and its use in registry.ts.

function redisStandIn(config: CelerySourceConfig): WorkerOpsTransport & { close(): void } {
  const secrets = secretsOfUrl(config.brokerUrl);
  const conn = createRedis(config.brokerUrl, "worker-ops");
  const pool = new BlockingPool(config.brokerUrl);
  const control = new RemoteControl(conn.client, pool, dbOfUrl(config.brokerUrl));
  return {
    broadcast: (calls, opts) => control.broadcastMany(calls, opts),
    async purgeQueue(name) {
      const keys = priorityQueueKeys(name);
      const multi = conn.client.multi();
      for (const k of keys) multi.llen(k);
      multi.del(...keys);
      const res = (await multi.exec()) ?? [];
      return res.slice(0, keys.length).reduce((sum, [, n]) => sum + Number(n ?? 0), 0);
    },
    async sendTask(task) {
      const envelope = encodeEnvelope({
        body: [task.args, task.kwargs, { callbacks: null, errbacks: null, chain: null, chord: null }],
        headers: {
          lang: "py",
          task: task.name,
          id: task.id,
          retries: 0,
          timelimit: [null, null],
          root_id: task.rootId ?? task.id,
          parent_id: task.parentId ?? null,
          argsrepr: JSON.stringify(task.args),
          kwargsrepr: JSON.stringify(task.kwargs),
          origin: "queuedeck",
          ...task.headers,
        },
        exchange: task.exchange ?? "",
        routingKey: task.routingKey ?? task.queue,
        deliveryMode: 2,
        correlationId: task.id,
      });
      await conn.client.lpush(task.queue, envelope);
    },
    describe: (err) => errorText(conn.lastError() ?? err, secrets),
    close() {
      pool.close();
      closeRedis(conn.client);
    },
  };
}

export function withInterimWorkerOps(adapter: CeleryAdapter, config: CelerySourceConfig): CeleryAdapter {
  const transport = redisStandIn(config);
  const { taskRetry: _retryNeedsHistory, ...ops } = celeryWorkerOps(transport);
  void _retryNeedsHistory;
  return {
    ...adapter,
    ops: { ...adapter.ops, ...ops },
    async close() {
      transport.close();
      await adapter.close();
    },
  };
}
