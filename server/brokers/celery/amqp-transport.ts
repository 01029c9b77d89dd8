import "server-only";
import type { Channel, ChannelModel, ConfirmChannel, Message } from "amqplib";
import { AmqpLink } from "@/server/brokers/rabbitmq/amqp";
import { errorText, secretsOfUrl } from "@/server/redact";
import { INNER_TIMEOUT_MS } from "../timeout";
import { AmqpControl } from "./amqp-control";
import { subscribeAmqpEvents } from "./amqp-events";
import { taskPublish } from "./amqp-messages";
import type { CeleryTransport, QueueDepths } from "./transport";

// Celery on RabbitMQ. One long-lived connection (opened lazily, reopened lazily after the broker
// went away) carries the remote-control channel and the confirm channel for tasks; passive
// declares and purges use a throwaway channel each, because a missing queue (404) closes the
// channel it was asked on. Events get a connection of their own (amqp-events.ts).

const CONNECTION_NAME = "QueueDeck Celery";

// amqplib's texts when a channel or connection is already gone; the error that made it go is
// what an operator needs to see.
const GENERIC = /^(Channel ended|channel closed|Channel closed|Connection closed \(|pidbox channel closed)/;

export function createAmqpTransport(brokerUrl: string): CeleryTransport {
  const secrets = secretsOfUrl(brokerUrl);
  const link = new AmqpLink(brokerUrl, { timeoutMs: INNER_TIMEOUT_MS, connectionName: CONNECTION_NAME });
  const watched = new WeakSet<ChannelModel>();
  let lastError: Error | null = null;
  let confirm: Promise<ConfirmChannel> | null = null;
  let confirmOpen: ConfirmChannel | null = null;
  /** Correlation ids of task messages the broker returned as unroutable (mandatory publish). */
  const returned = new Set<string>();

  const noteError = (err: Error) => {
    lastError = err;
  };

  /** The shared connection; reconnects when the last one is gone. */
  async function connection(): Promise<ChannelModel> {
    const model = await link.get();
    if (!watched.has(model)) {
      watched.add(model);
      lastError = null; // a new connection: older errors no longer explain anything
      model.on("error", noteError); // AmqpLink listens too: an 'error' never goes unheard
      // A broker shutting down (320 CONNECTION_FORCED) comes as 'close' with a reason, no 'error'.
      model.on("close", (err?: Error) => {
        if (err) noteError(err);
      });
    }
    return model;
  }

  const control = new AmqpControl(connection, noteError);

  /** A channel for one read whose errors close it; closed by the caller. */
  async function throwaway(): Promise<Channel> {
    const ch = await (await connection()).createChannel();
    ch.on("error", () => {
      // a 404 on a passive declare lands here; the awaiting call gets the same error
    });
    return ch;
  }

  function confirmChannel(): Promise<ConfirmChannel> {
    confirm ??= openConfirmChannel().catch((err: unknown) => {
      confirm = null;
      throw err;
    });
    return confirm;
  }

  async function openConfirmChannel(): Promise<ConfirmChannel> {
    const ch = await (await connection()).createConfirmChannel();
    ch.on("error", noteError);
    ch.on("close", () => {
      // The connection went away or the broker closed it (e.g. publish to a missing exchange).
      if (confirmOpen === ch) {
        confirmOpen = null;
        confirm = null;
      }
    });
    ch.on("return", (msg: Message) => {
      if (msg.properties.correlationId) returned.add(msg.properties.correlationId);
    });
    confirmOpen = ch;
    return ch;
  }

  return {
    scheme: "amqp",

    async connect() {
      await connection();
    },

    async brokerVersion() {
      await connection();
      return link.serverVersion() ?? null;
    },

    broadcast(calls, opts) {
      return control.broadcast(calls, opts);
    },

    async queueDepths(names) {
      const out: QueueDepths = { depths: new Map(), problems: [] };
      let ch: Channel | null = null;
      try {
        for (const name of new Set(names)) {
          ch ??= await throwaway();
          try {
            out.depths.set(name, (await ch.checkQueue(name)).messageCount);
          } catch (err) {
            if (channelErrorCode(err) === undefined) throw err; // the connection is gone: fail the read
            ch = null; // the broker closed this channel; the rest get a new one
            out.depths.set(name, 0);
            if (channelErrorCode(err) !== 404) out.problems.push(`queue ${name}: ${errorText(err, secrets)}`);
          }
        }
      } finally {
        await (ch as Channel | null)?.close().catch(() => undefined);
      }
      return out;
    },

    async sendTask(task) {
      const msg = taskPublish(task);
      const ch = await confirmChannel();
      await new Promise<void>((resolve, reject) => {
        // mandatory: a message no queue is bound for comes back instead of vanishing
        ch.publish(msg.exchange, msg.routingKey, msg.content, { ...msg.options, mandatory: true }, (err) => {
          const wasReturned = returned.delete(task.id);
          if (err) reject(GENERIC.test(errorMessage(err)) && lastError ? lastError : err);
          else if (wasReturned) {
            const exchange = msg.exchange === "" ? "the default exchange" : `exchange "${msg.exchange}"`;
            reject(new Error(`no queue is bound to ${exchange} with routing key "${msg.routingKey}": task ${task.id} was not delivered`));
          } else resolve();
        });
      });
    },

    async purgeQueue(name) {
      const ch = await throwaway();
      try {
        return (await ch.purgeQueue(name)).messageCount;
      } catch (err) {
        if (channelErrorCode(err) === 404) return 0; // like Redis: a queue nobody declared holds nothing
        throw err;
      } finally {
        await ch.close().catch(() => undefined);
      }
    },

    describe(err) {
      const generic = GENERIC.test(errorMessage(err));
      return errorText(generic && lastError ? lastError : err, secrets);
    },

    subscribeEvents(onEvents) {
      return subscribeAmqpEvents(brokerUrl, onEvents, {
        connectTimeoutMs: INNER_TIMEOUT_MS,
        connectionName: `${CONNECTION_NAME} events`,
      });
    },

    async close() {
      await link.close();
    },
  };
}

/**
 * The AMQP reply code (404, 403, ...) when the broker refused an operation and closed the channel
 * ("Operation failed: QueueDeclare; 404 (NOT-FOUND) ..."); undefined when the connection is gone.
 */
function channelErrorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : "";
}
