import "server-only";
import { errorText, secretsOfUrl } from "@/server/redact";
import { decodeEnvelope, encodeEnvelope, fanoutChannel, priorityQueueKeys } from "./envelope";
import { eventsOfBody } from "./event-body";
import { BlockingPool, closeRedis, createRedis, dbOfUrl, type TrackedRedis } from "./redis-clients";
import { RemoteControl } from "./remote-control";
import { taskHeaders, taskBody } from "./task-message";
import type { CeleryEvent, CeleryTransport, EventSubscription, OutgoingTask, QueueDepths } from "./transport";

// Celery on Redis: kombu emulates exchanges with lists (queues), sets (bindings) and pub/sub
// channels (fanout exchanges). Event and pidbox channels are prefixed with the db number.

const GENERIC = /max retries|Connection is closed|Stream isn't writeable/i;

export function createRedisTransport(brokerUrl: string): CeleryTransport {
  const secrets = secretsOfUrl(brokerUrl);
  const db = dbOfUrl(brokerUrl);
  const broker = createRedis(brokerUrl, "broker");
  const pool = new BlockingPool(brokerUrl);
  const control = new RemoteControl(broker.client, pool, db);
  const subscribers = new Set<TrackedRedis>();

  /** ioredis says "max retries" or "connection closed"; the socket's own error is what a user needs. */
  function describe(err: unknown, conn: TrackedRedis = broker): string {
    const msg = err instanceof Error ? err.message : "";
    const last = conn.lastError();
    return errorText(GENERIC.test(msg) && last ? last : err, secrets);
  }

  return {
    scheme: "redis",

    async connect() {
      const { client } = broker;
      if (client.status === "wait" || client.status === "end") await client.connect();
      else await client.ping();
    },

    async brokerVersion() {
      const { client } = broker;
      const last = broker.lastError();
      // Fail fast with the socket's error while ioredis is still reconnecting.
      if (last && client.status !== "ready" && client.status !== "wait") throw last;
      const info = await client.info("server");
      const v = /^redis_version:(\S+)/m.exec(info)?.[1];
      return v ? `Redis ${v}` : null;
    },

    broadcast: (calls, opts) => control.broadcastMany(calls, opts),

    async queueDepths(names): Promise<QueueDepths> {
      const depths = new Map<string, number>();
      const problems: string[] = [];
      if (names.length === 0) return { depths, problems };
      const pipeline = broker.client.pipeline();
      for (const name of names) for (const key of priorityQueueKeys(name)) pipeline.llen(key);
      const res = (await pipeline.exec()) ?? [];
      const steps = priorityQueueKeys("").length;
      names.forEach((name, i) => {
        let depth = 0;
        for (let j = 0; j < steps; j++) {
          const [err, n] = res[i * steps + j] ?? [null, 0];
          if (err && /^WRONGTYPE/.test(err.message)) problems.push(`queue ${name}: ${errorText(err, secrets)}`);
          else if (err) throw err;
          else depth += Number(n) || 0;
        }
        depths.set(name, depth);
      });
      return { depths, problems };
    },

    async subscribeEvents(onEvents: (events: CeleryEvent[]) => void): Promise<EventSubscription> {
      // A subscribed connection serves nothing else; ioredis re-subscribes on its own after a reconnect.
      const sub = createRedis(brokerUrl, "events");
      subscribers.add(sub);
      const channel = fanoutChannel(db, "celeryev");
      const deliver = (raw: string) => {
        let events: CeleryEvent[];
        try {
          events = eventsOfBody(decodeEnvelope(raw).body);
        } catch {
          return; // not a kombu JSON envelope: skip it, the stream goes on
        }
        if (events.length > 0) onEvents(events);
      };
      sub.client.on("pmessage", (_pattern: string, _channel: string, raw: string) => deliver(raw));
      sub.client.on("message", (_channel: string, raw: string) => deliver(raw));
      try {
        await sub.client.connect();
        // kombu publishes on "<channel>/<routing key>" (fanout_patterns), older setups on the bare channel.
        await sub.client.psubscribe(`${channel}/*`);
        await sub.client.subscribe(channel);
      } catch (err) {
        subscribers.delete(sub);
        closeRedis(sub.client);
        throw err;
      }
      return {
        async close() {
          subscribers.delete(sub);
          closeRedis(sub.client);
        },
      };
    },

    async sendTask(task: OutgoingTask) {
      const envelope = encodeEnvelope({
        body: taskBody(task),
        headers: taskHeaders(task),
        exchange: task.exchange ?? "",
        routingKey: task.routingKey ?? task.queue,
        deliveryMode: 2,
        correlationId: task.id,
        replyTo: task.id,
        priority: task.priority ?? 0,
      });
      // kombu's Redis transport pops from the right: LPUSH puts it at the back of the line.
      await broker.client.lpush(task.queue, envelope);
    },

    async purgeQueue(name) {
      const keys = priorityQueueKeys(name);
      const tx = broker.client.multi();
      for (const key of keys) tx.llen(key);
      tx.del(...keys);
      const res = (await tx.exec()) ?? [];
      let count = 0;
      for (const [err, n] of res.slice(0, keys.length)) {
        if (err) throw err;
        count += Number(n) || 0;
      }
      return count;
    },

    describe: (err) => describe(err),

    async close() {
      pool.close();
      for (const sub of subscribers) closeRedis(sub.client);
      subscribers.clear();
      closeRedis(broker.client);
    },
  };
}
