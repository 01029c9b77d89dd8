// GET /metrics on a real QueueDeck sampling real RabbitMQ and Kafka: the text parses (promtool
// and a real Prometheus scrape with the bearer token), and carries the brokers' real numbers.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaBrokers, rabbitAmqpUrl, rabbitManagementUrl, runId } from "../support/brokers";
import { TestVhost } from "../support/rabbitmq";
import { freePort, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const run = runId();
const TOKEN = `metrics-${run}-token`;
const TOPIC = `${run}.metrics`;
const GROUP = `${run}-metrics-readers`;
/** Committed offsets per partition of 10 records each: lag = 10 + 6. */
const COMMITS = [0, 4];
const LAG = 16;
const vhost = new TestVhost("-metrics");
const kafka = new Kafka({ clientId: `qd-metrics-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;
let server: RunningServer;
let prometheus: ChildProcess | undefined;

const config = {
  sources: [
    { id: "rmq", kind: "rabbitmq", name: "R", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() },
    { id: "kfk", kind: "kafka", name: "K", brokers: kafkaBrokers() },
  ],
};

/** value of the sample `name{labels}` (labels in any order), or undefined. */
function sampleValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...m[2]!.matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const scrape = async (token?: string) =>
  fetch(`${server.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  await vhost.create();
  const ch = await vhost.confirmChannel();
  await ch.assertQueue("orders.dlq", { durable: true });
  await ch.assertQueue("orders", { durable: true, arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "orders.dlq" } });
  for (let i = 0; i < 7; i++) ch.sendToQueue("orders", Buffer.from(`order ${i}`));
  for (let i = 0; i < 2; i++) ch.sendToQueue("orders.dlq", Buffer.from(`dead ${i}`));
  await ch.waitForConfirms();

  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: `m${i}` })) });
  await producer.disconnect();
  await admin.setOffsets({ groupId: GROUP, topic: TOPIC, partitions: COMMITS.map((offset, partition) => ({ partition, offset: String(offset) })) });

  server = await startServer({ config, env: { QUEUEDECK_METRICS_TOKEN: TOKEN } });
});

afterAll(async () => {
  prometheus?.kill("SIGKILL");
  await server?.stop();
  await vhost.delete();
  await admin?.deleteGroups([GROUP]).catch(() => undefined);
  await admin?.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin?.disconnect();
});

describe("GET /metrics", () => {
  it("wants the bearer token, and never shows it", async () => {
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    expect((await scrape("wrong-token")).status).toBe(401);
    const ok = await scrape(TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("text/plain");
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(await ok.text()).not.toContain(TOKEN);
  });

  it("carries the brokers' real numbers, and promtool accepts the text", async () => {
    const text = await poll("the vhost's queues and the group's lag in /metrics", async () => {
      const t = await (await scrape(TOKEN)).text();
      const depth = sampleValue(t, "queuedeck_queue_depth", { source: "rmq", vhost: vhost.name, queue: "orders" });
      const lag = sampleValue(t, "queuedeck_kafka_group_lag", { source: "kfk", group: GROUP });
      return depth === 7 && lag === LAG ? t : undefined;
    });
    expect(sampleValue(text, "queuedeck_queue_ready", { source: "rmq", vhost: vhost.name, queue: "orders" })).toBe(7);
    expect(sampleValue(text, "queuedeck_queue_consumers", { source: "rmq", vhost: vhost.name, queue: "orders" })).toBe(0);
    // orders' dead letters land in orders.dlq: it is counted as dead letters, orders is not.
    expect(sampleValue(text, "queuedeck_dead_letters", { source: "rmq", kind: "rabbitmq", vhost: vhost.name, queue: "orders.dlq" })).toBe(2);
    expect(sampleValue(text, "queuedeck_dead_letters", { source: "rmq", vhost: vhost.name, queue: "orders" })).toBeUndefined();
    expect(sampleValue(text, "queuedeck_kafka_topic_messages", { source: "kfk", topic: TOPIC })).toBe(20);
    expect(sampleValue(text, "queuedeck_source_up", { source: "rmq", kind: "rabbitmq" })).toBe(1);
    expect(sampleValue(text, "queuedeck_source_up", { source: "kfk", kind: "kafka" })).toBe(1);
    expect(sampleValue(text, "queuedeck_collector_ticks_total", { source: "rmq" })).toBeGreaterThan(0);
    expect(sampleValue(text, "queuedeck_collector_tick_duration_seconds", { source: "kfk" })).toBeGreaterThan(0);

    const lint = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(lint.status, `${lint.stdout}${lint.stderr}`).toBe(0);
  });

  it("is scraped by a real Prometheus with the token, and queried back", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-prom-"));
    const target = new URL(server.url).host;
    fs.writeFileSync(
      path.join(dir, "prometheus.yml"),
      [
        "global: { scrape_interval: 1s, scrape_timeout: 1s }",
        "scrape_configs:",
        "  - job_name: queuedeck",
        "    metrics_path: /metrics",
        `    authorization: { type: Bearer, credentials: "${TOKEN}" }`,
        `    static_configs: [{ targets: ["${target}"] }]`,
      ].join("\n"),
    );
    const port = await freePort();
    prometheus = spawn("prometheus", [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`], {
      stdio: "ignore",
    });
    const query = encodeURIComponent(`queuedeck_queue_depth{vhost="${vhost.name}",queue="orders"}`);
    const value = await poll(
      "Prometheus to scrape the depth of orders",
      async () => {
        const r = (await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${query}`)).json()) as { data: { result: { value: [number, string] }[] } };
        return r.data.result[0]?.value[1];
      },
      45_000,
      500,
    );
    expect(value).toBe("7");
    const up = (await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=up`)).json()) as { data: { result: { value: [number, string] }[] } };
    expect(up.data.result.map((r) => r.value[1])).toEqual(["1"]);

    // Every query of the shipped Grafana dashboard runs on this Prometheus, and the ones over
    // series this test made find them.
    const dashboard = JSON.parse(fs.readFileSync("public/grafana/queuedeck.json", "utf8")) as { panels: { title: string; targets: { expr: string }[] }[] };
    const found: Record<string, number> = {};
    for (const panel of dashboard.panels) {
      const expr = panel.targets[0]!.expr.replaceAll("$source", ".*");
      const r = (await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as { status: string; data: { result: unknown[] } };
      expect(r.status, `${panel.title}: ${expr}`).toBe("success");
      found[panel.title] = r.data.result.length;
    }
    expect(found["Sources up"]).toBe(2);
    expect(found["Deepest queues"]).toBeGreaterThan(0);
    expect(found["Kafka consumer lag (messages)"]).toBeGreaterThan(0);
    expect(found["Queues with messages and no consumer"]).toBeGreaterThan(0);
  });
});
