// Demo traffic for Kafka: a steady trickle of JSON into two topics and two consumer groups.
//   npx tsx scripts/demo/kafka.ts        (runs until SIGINT/SIGTERM)
// Env: QUEUEDECK_KAFKA_BROKERS [127.0.0.1:9092] (comma-separated host:port).
//
//   demo.orders   3 partitions, ~2.5 orders/s
//   demo.events   2 partitions, ~1.5 events/s
//   demo-billing  reads demo.orders, commits by hand after each order, and takes ~0.6 s per
//                 order: slower than the producer on purpose, so its lag keeps growing. About
//                 one order in 30 fails and goes to demo.orders.DLT the way Spring's
//                 DeadLetterPublishingRecoverer sends it (kafka_dlt-* headers), so the dashboard
//                 has dead letters to show and replay; a replayed order usually goes through
//   demo-audit    reads both topics with auto-commit and keeps up: lag stays near 0
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from "kafkajs";
import { errorText } from "../../server/redact";

const brokers = (process.env.QUEUEDECK_KAFKA_BROKERS ?? "127.0.0.1:9092").split(",").map((b) => b.trim()).filter(Boolean);
const ORDERS = "demo.orders";
const ORDERS_DLT = "demo.orders.DLT";
const BILLING_FAILURE_RATE = 1 / 30;
const EVENTS = "demo.events";
const BILLING = "demo-billing";
const AUDIT = "demo-audit";
const ORDER_EVERY_MS = 400;
const EVENT_EVERY_MS = 650;
const BILLING_MS_PER_ORDER = 600;
const REPORT_EVERY_MS = 10_000;

const counters = { orders: 0, events: 0, billed: 0, deadLettered: 0, audited: 0, errors: 0 };
let stopping = false;
const log = (msg: string) => console.log(`${new Date().toISOString()} kafka-demo: ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// kafkajs's own logger prints JSON for every reconnect; the demo reports errors itself.
const kafka = new Kafka({ clientId: "queuedeck-demo", brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3000 });

/** Errors are counted and logged at most once per report period, so a down broker cannot flood the log. */
let lastErrorLog = 0;
function reportError(what: string, err: unknown): void {
  counters.errors++;
  if (Date.now() - lastErrorLog < REPORT_EVERY_MS) return;
  lastErrorLog = Date.now();
  log(`${what} failed: ${errorText(err)}`);
}

async function untilConnected(what: string, connect: () => Promise<void>): Promise<void> {
  while (!stopping) {
    try {
      await connect();
      return;
    } catch (err) {
      reportError(`connecting ${what} to ${brokers.join(",")}`, err);
      await sleep(2000);
    }
  }
}

async function ensureTopics(admin: Admin): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const wanted = [
    { topic: ORDERS, numPartitions: 3 },
    { topic: EVENTS, numPartitions: 2 },
    { topic: ORDERS_DLT, numPartitions: 1 },
  ].filter((t) => !existing.has(t.topic));
  if (wanted.length) {
    await admin.createTopics({ topics: wanted.map((t) => ({ ...t, replicationFactor: 1 })), waitForLeaders: true });
    log(`created ${wanted.map((t) => t.topic).join(", ")}`);
  }
}

const CUSTOMERS = ["acme", "globex", "initech", "umbrella", "hooli", "stark"];
const EVENT_TYPES = ["page.view", "cart.add", "cart.remove", "checkout.start", "login"];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

async function produceLoop(producer: Producer, topic: string, everyMs: number, make: () => { key: string; value: unknown }): Promise<void> {
  while (!stopping) {
    const { key, value } = make();
    try {
      await producer.send({ topic, messages: [{ key, value: JSON.stringify(value) }] });
      if (topic === ORDERS) counters.orders++;
      else counters.events++;
    } catch (err) {
      reportError(`producing to ${topic}`, err);
    }
    // Jitter keeps the charts from looking machine-made.
    await sleep(everyMs * (0.6 + Math.random() * 0.8));
  }
}

/** Why billing could not take an order, now and then: the exception class and message a Java service would report. */
function billingFailure(value: Buffer | null): { fqcn: string; message: string } | undefined {
  if (Math.random() >= BILLING_FAILURE_RATE) return undefined;
  const order = JSON.parse(value?.toString() ?? "{}") as { orderId?: string; amountCents?: number };
  return Math.random() < 0.6
    ? { fqcn: "com.example.billing.PaymentDeclinedException", message: `Card declined for order ${order.orderId} (${order.amountCents} cents)` }
    : { fqcn: "java.net.SocketTimeoutException", message: "Payment provider did not answer within 5000 ms" };
}

async function startBilling(consumer: Consumer, producer: Producer): Promise<void> {
  consumer.on(consumer.events.CRASH, ({ payload }) => reportError(`consumer ${BILLING}`, payload.error));
  await untilConnected(BILLING, () => consumer.connect());
  if (stopping) return;
  await consumer.subscribe({ topic: ORDERS, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message, heartbeat }) => {
      if (stopping) return;
      await sleep(BILLING_MS_PER_ORDER * (0.8 + Math.random() * 0.4)); // "talking to the payment provider"
      const failure = billingFailure(message.value);
      if (failure) {
        // Dead-lettered before the commit: a crash in between sends it twice, never loses it.
        const dlt = { "kafka_dlt-original-topic": topic, "kafka_dlt-original-partition": String(partition), "kafka_dlt-original-offset": message.offset };
        const headers = { ...message.headers, ...dlt, "kafka_dlt-exception-fqcn": failure.fqcn, "kafka_dlt-exception-message": failure.message };
        await producer.send({ topic: ORDERS_DLT, messages: [{ key: message.key, value: message.value, headers }] });
        counters.deadLettered++;
      }
      // Manual commit of exactly what was processed: the next offset to read.
      await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
      if (!failure) counters.billed++;
      await heartbeat();
    },
  });
}

async function startAudit(consumer: Consumer): Promise<void> {
  consumer.on(consumer.events.CRASH, ({ payload }) => reportError(`consumer ${AUDIT}`, payload.error));
  await untilConnected(AUDIT, () => consumer.connect());
  if (stopping) return;
  await consumer.subscribe({ topics: [ORDERS, EVENTS], fromBeginning: false });
  await consumer.run({
    eachMessage: async () => {
      counters.audited++;
    },
  });
}

/** Billing's lag, read the way the dashboard reads it: end offsets minus committed offsets. */
async function billingLag(admin: Admin): Promise<number | null> {
  try {
    const [committed] = await admin.fetchOffsets({ groupId: BILLING, topics: [ORDERS] });
    const ends = await admin.fetchTopicOffsets(ORDERS);
    return (committed?.partitions ?? []).reduce((sum, p) => {
      const high = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
      return Number(p.offset) >= 0 ? sum + Math.max(0, high - Number(p.offset)) : sum;
    }, 0);
  } catch (err) {
    reportError("reading billing lag", err);
    return null;
  }
}

async function main(): Promise<void> {
  log(`brokers ${brokers.join(",")}`);
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await untilConnected("admin", () => admin.connect());
  while (!stopping) {
    try {
      await ensureTopics(admin);
      break;
    } catch (err) {
      reportError("creating topics", err);
      await sleep(2000);
    }
  }
  await untilConnected("producer", () => producer.connect());
  // Consumers join in the background: a join can wait out a previous run's dead members
  // (up to their session timeout), and the trickle should start at once regardless.
  // maxWaitTimeInMs 1 s: a fetch in flight delays disconnect by at most that much.
  const billing = kafka.consumer({ groupId: BILLING, sessionTimeout: 30_000, heartbeatInterval: 3000, maxWaitTimeInMs: 1000 });
  const audit = kafka.consumer({ groupId: AUDIT, maxWaitTimeInMs: 1000 });
  void startBilling(billing, producer).catch((err: unknown) => reportError(`starting ${BILLING}`, err));
  void startAudit(audit).catch((err: unknown) => reportError(`starting ${AUDIT}`, err));

  let seq = 0;
  const loops = [
    produceLoop(producer, ORDERS, ORDER_EVERY_MS, () => {
      const id = `o-${Date.now().toString(36)}-${seq++}`;
      const customer = pick(CUSTOMERS);
      return { key: customer, value: { orderId: id, customer, amountCents: 500 + Math.floor(Math.random() * 20_000), at: new Date().toISOString() } };
    }),
    produceLoop(producer, EVENTS, EVENT_EVERY_MS, () => {
      const user = `u${Math.floor(Math.random() * 50)}`;
      return { key: user, value: { type: pick(EVENT_TYPES), user, at: new Date().toISOString() } };
    }),
  ];

  const report = setInterval(() => {
    void billingLag(admin).then((lag) =>
      log(
        `produced orders=${counters.orders} events=${counters.events}; billed=${counters.billed} dead-lettered=${counters.deadLettered} ` +
          `audited=${counters.audited}; ${BILLING} lag=${lag ?? "?"}; errors=${counters.errors}`,
      ),
    );
  }, REPORT_EVERY_MS);

  await Promise.all(loops); // return once `stopping` is set
  clearInterval(report);
  log("stopping: disconnecting consumers, producer and admin");
  await Promise.allSettled([billing.disconnect(), audit.disconnect(), producer.disconnect(), admin.disconnect()]);
  log(`stopped (orders=${counters.orders} events=${counters.events} billed=${counters.billed} audited=${counters.audited})`);
}

let stopAt = 0;
function stop(signal: string): void {
  if (stopping) {
    // Ctrl-C (or demo.sh's kill of the process group) reaches us both directly and relayed
    // by the tsx/npx wrappers: only a second signal well after the first means "now".
    if (Date.now() - stopAt < 2000) return;
    log(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  stopAt = Date.now();
  log(`${signal} received`);
  // A broker that does not answer must not keep the demo alive forever.
  setTimeout(() => process.exit(0), 15_000).unref();
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`fatal: ${errorText(err)}`);
    process.exit(1);
  },
);
