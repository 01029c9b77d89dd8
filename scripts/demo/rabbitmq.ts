// Demo traffic for RabbitMQ: a few messages per second into a small, realistic topology.
//   npx tsx scripts/demo/rabbitmq.ts        (runs until SIGINT/SIGTERM)
// Env: QUEUEDECK_RABBITMQ_HOST [127.0.0.1], QUEUEDECK_RABBITMQ_PORT [5672],
//      QUEUEDECK_RABBITMQ_MGMT_PORT [15672], QUEUEDECK_RABBITMQ_USER/PASSWORD [guest/guest].
//
// Topology (vhost "/"):
//   demo.orders        work queue; its consumer rejects ~10% (requeue=false) -> DLX demo.dlx
//                      -> demo.orders.dlq, and sends ~8% to a delayed retry:
//   demo.orders.retry  x-message-ttl 5 s, dead-letters back into demo.orders
//   demo.payments      quorum queue, acked by a consumer
//   demo.emails        its DLX comes from a POLICY (set via the management API), not arguments
//   demo.audit         no consumer: grows (capped by x-max-length)
//   demo.reports       consumer slower than the producer: grows (capped)
// Now and then a malformed order (invalid JSON, or binary) goes to demo.orders; its consumer
// always rejects those, so the dead-letters view has text and binary payloads to show.
import { connect, type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import { displayUrl, errorText } from "../../server/redact";

const env = process.env;
const host = env.QUEUEDECK_RABBITMQ_HOST ?? "127.0.0.1";
const user = encodeURIComponent(env.QUEUEDECK_RABBITMQ_USER ?? "guest");
const pass = encodeURIComponent(env.QUEUEDECK_RABBITMQ_PASSWORD ?? "guest");
const amqpUrl = `amqp://${user}:${pass}@${host}:${env.QUEUEDECK_RABBITMQ_PORT ?? "5672"}`;
const mgmtBase = `http://${host}:${env.QUEUEDECK_RABBITMQ_MGMT_PORT ?? "15672"}`;
const mgmtAuth = `Basic ${Buffer.from(`${decodeURIComponent(user)}:${decodeURIComponent(pass)}`).toString("base64")}`;

const DLX = "demo.dlx";
const counters = { published: 0, acked: 0, rejected: 0, retried: 0 };
let stopping = false;
const log = (msg: string) => console.log(`${new Date().toISOString()} rabbitmq-demo: ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function declare(ch: Channel): Promise<void> {
  await ch.assertExchange(DLX, "direct", { durable: true });
  // Dead-lettered messages keep their routing key (the queue name, as published via
  // the default exchange), so each DLQ binds to its source queue's name.
  await ch.assertQueue("demo.orders.dlq", { durable: true, arguments: { "x-max-length": 10_000 } });
  await ch.bindQueue("demo.orders.dlq", DLX, "demo.orders");
  await ch.assertQueue("demo.emails.dlq", { durable: true, arguments: { "x-max-length": 10_000 } });
  await ch.bindQueue("demo.emails.dlq", DLX, "demo.emails");
  await ch.assertQueue("demo.orders", { durable: true, arguments: { "x-dead-letter-exchange": DLX } });
  await ch.assertQueue("demo.orders.retry", {
    durable: true,
    arguments: {
      "x-message-ttl": 5000,
      "x-dead-letter-exchange": "",
      "x-dead-letter-routing-key": "demo.orders",
    },
  });
  await ch.assertQueue("demo.payments", { durable: true, arguments: { "x-queue-type": "quorum" } });
  await ch.assertQueue("demo.emails", { durable: true });
  await ch.assertQueue("demo.audit", { durable: true, arguments: { "x-max-length": 20_000 } });
  await ch.assertQueue("demo.reports", { durable: true, arguments: { "x-max-length": 20_000 } });
}

/** demo.emails gets its dead-letter exchange from a policy, as operators often do it. */
async function applyPolicy(): Promise<void> {
  const res = await fetch(`${mgmtBase}/api/policies/%2F/demo-emails-dlx`, {
    method: "PUT",
    headers: { authorization: mgmtAuth, "content-type": "application/json" },
    body: JSON.stringify({
      pattern: "^demo\\.emails$",
      "apply-to": "queues",
      priority: 1,
      definition: { "dead-letter-exchange": DLX },
    }),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`PUT policy answered ${res.status} ${res.statusText}`);
}

function consume(
  ch: Channel,
  queue: string,
  handle: (msg: ConsumeMessage) => Promise<"ack" | "reject" | "retry">,
): Promise<unknown> {
  return ch.consume(queue, (msg) => {
    if (!msg) return; // consumer cancelled by the broker
    handle(msg)
      .then((outcome) => {
        if (outcome === "reject") {
          ch.nack(msg, false, false); // requeue=false: to the dead-letter exchange
          counters.rejected++;
        } else if (outcome === "retry") {
          ch.sendToQueue("demo.orders.retry", msg.content, { persistent: true, headers: msg.properties.headers, contentType: msg.properties.contentType });
          ch.ack(msg);
          counters.retried++;
        } else {
          ch.ack(msg);
          counters.acked++;
        }
      })
      .catch(() => undefined); // the channel closed under us: the broker redelivers
  });
}

/**
 * A channel whose 'error' is heard (an unheard 'error' event would kill the process);
 * a channel the broker closed on error takes the connection down with it, so the main
 * loop rebuilds everything instead of running on with dead consumers.
 */
async function channel(model: ChannelModel): Promise<Channel> {
  const ch = await model.createChannel();
  ch.on("error", (err: unknown) => {
    log(`channel error: ${errorText(err)}`);
    model.close().catch(() => undefined);
  });
  return ch;
}

async function startConsumers(model: ChannelModel): Promise<void> {
  const ch = await channel(model);
  await ch.prefetch(10);
  await consume(ch, "demo.orders", async (msg) => {
    await sleep(50 + Math.random() * 150);
    if (msg.properties.contentType !== "application/json") return "reject";
    const r = Math.random();
    return r < 0.1 ? "reject" : r < 0.18 ? "retry" : "ack";
  });
  await consume(ch, "demo.payments", async () => {
    await sleep(100 + Math.random() * 300);
    return "ack";
  });
  await consume(ch, "demo.emails", async () => {
    await sleep(50);
    return Math.random() < 0.15 ? "reject" : "ack";
  });
  // One at a time and slow: demo.reports grows while the producer runs.
  const slow = await channel(model);
  await slow.prefetch(1);
  await consume(slow, "demo.reports", async () => {
    await sleep(2500);
    return "ack";
  });
}

/** Messages per tick of 1 s: a few messages per second in total. */
const PRODUCE: [queue: string, perSecond: number][] = [
  ["demo.orders", 3],
  ["demo.payments", 1],
  ["demo.emails", 2],
  ["demo.audit", 0.5],
  ["demo.reports", 0.6],
];

async function runOnce(): Promise<ChannelModel> {
  const model = await connect(amqpUrl, { clientProperties: { connection_name: "queuedeck-demo" } });
  model.on("error", (err: unknown) => log(`connection error: ${errorText(err)}`));
  try {
    const setup = await channel(model);
    await declare(setup);
    await setup.close();
    await applyPolicy().catch((err: unknown) => log(`could not apply the demo.emails policy: ${errorText(err)}`));
    await startConsumers(model);
  } catch (err) {
    await model.close().catch(() => undefined);
    throw err;
  }

  const pub = await channel(model);
  let seq = 0;
  const timer = setInterval(() => {
    for (const [queue, rate] of PRODUCE) {
      // Fractional rates publish on a share of the ticks.
      const n = Math.floor(rate) + (Math.random() < rate % 1 ? 1 : 0);
      for (let i = 0; i < n; i++) {
        const body = { id: ++seq, queue, at: new Date().toISOString(), amount: Math.round(Math.random() * 10_000) / 100 };
        try {
          pub.sendToQueue(queue, Buffer.from(JSON.stringify(body)), { persistent: true, contentType: "application/json" });
          counters.published++;
        } catch {
          return; // channel closed: the connection's 'close' ends this round
        }
      }
    }
    if (Math.random() < 0.05) {
      const poison = Math.random() < 0.5 ? Buffer.from(`{"id": ${++seq}, "amount": 12.5,`) : Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]);
      pub.sendToQueue("demo.orders", poison, { persistent: true, contentType: "application/octet-stream", messageId: `poison-${seq}` });
    }
  }, 1000);
  model.once("close", () => clearInterval(timer));
  return model;
}

async function main(): Promise<void> {
  log(`connecting to ${displayUrl(amqpUrl)} (management ${mgmtBase})`);
  let model: ChannelModel | undefined;
  const report = setInterval(() => {
    const c = counters;
    log(`published=${c.published} acked=${c.acked} rejected(DLQ)=${c.rejected} retried=${c.retried}`);
  }, 10_000);

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    clearInterval(report);
    await model?.close().catch(() => undefined);
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  // Keep going across broker restarts: reconnect after a short pause.
  while (!stopping) {
    try {
      model = await runOnce();
      log("running");
      await new Promise<void>((resolve) => model!.once("close", () => resolve()));
      if (!stopping) log("connection closed; reconnecting in 3 s");
    } catch (err) {
      // amqplib's errors name host:port, never the password; redact all the same.
      log(`error: ${errorText(err, [decodeURIComponent(pass)])}; retrying in 3 s`);
    }
    await sleep(3000);
  }
}

void main();
