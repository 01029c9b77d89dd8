import "server-only";
import { randomUUID } from "node:crypto";
import { AmqpLink } from "@/server/brokers/rabbitmq/amqp";
import { parseEvents } from "./amqp-messages";
import type { CeleryEvent, EventSubscription } from "./transport";

// Celery's event stream over RabbitMQ: a private queue bound to the `celeryev` topic exchange with
// "#" receives every worker and task event. It lives on a connection of its own, so a flood of
// events never delays remote-control replies, and it re-subscribes by itself after the broker
// went away (events sent meanwhile are lost: nobody queued them).

/** Celery's event_exchange setting; "celeryev" unless the app changed it. */
export const EVENT_EXCHANGE = "celeryev";
// Like Celery's own receivers (event_queue_ttl 5 s): stale events are not worth a backlog.
const EVENT_TTL_MS = 5000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

export interface AmqpEventOptions {
  connectTimeoutMs: number;
  connectionName: string;
}

/**
 * Subscribes, or rejects with the broker's error (credentials removed) when the first attempt
 * fails; after that, drops are retried with backoff until `close()`.
 */
export async function subscribeAmqpEvents(
  brokerUrl: string,
  onEvents: (events: CeleryEvent[]) => void,
  opts: AmqpEventOptions,
): Promise<EventSubscription> {
  const link = new AmqpLink(brokerUrl, { timeoutMs: opts.connectTimeoutMs, connectionName: opts.connectionName });
  let closed = false;
  let retryMs = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  function retryLater(): void {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      subscribe().then(
        () => (retryMs = RETRY_MIN_MS),
        () => {
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
          retryLater();
        },
      );
    }, retryMs);
    timer.unref();
  }

  async function subscribe(): Promise<void> {
    const model = await link.get();
    const ch = await model.createChannel();
    ch.on("error", () => {
      // 'close' follows; it schedules the re-subscription.
    });
    ch.on("close", retryLater); // the connection dropped, or the broker closed the channel
    try {
      // kombu declares it durable (topic, the Exchange defaults); the same flags, or the broker refuses.
      await ch.assertExchange(EVENT_EXCHANGE, "topic", { durable: true, autoDelete: false });
      const { queue } = await ch.assertQueue(`${EVENT_EXCHANGE}.queuedeck.${randomUUID()}`, {
        exclusive: true,
        autoDelete: true,
        durable: false,
        arguments: { "x-message-ttl": EVENT_TTL_MS },
      });
      await ch.bindQueue(queue, EVENT_EXCHANGE, "#");
      await ch.consume(
        queue,
        (msg) => {
          if (!msg) {
            void ch.close().catch(() => undefined); // cancelled by the broker: subscribe again
            return;
          }
          const events = parseEvents(msg.content, msg.properties.contentType);
          if (events.length === 0) return;
          try {
            onEvents(events);
          } catch {
            // A failing listener must not take the channel down with it.
          }
        },
        { noAck: true },
      );
    } catch (err) {
      await ch.close().catch(() => undefined);
      throw err;
    }
  }

  try {
    await subscribe();
  } catch (err) {
    closed = true;
    clearTimeout(timer);
    await link.close();
    throw err;
  }

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await link.close(); // the exclusive queue goes with the connection
    },
  };
}
