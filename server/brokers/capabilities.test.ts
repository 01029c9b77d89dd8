import { afterAll, describe, expect, it } from "vitest";
import type { SourceConfig } from "@/lib/config-schema";
import { capabilitiesOf, requireOps, type BrokerAdapter } from "./adapter";
import { createAdapter } from "./registry";
import { isDomainError } from "@/server/errors";

// Ports nobody listens on: creating an adapter opens nothing until connect() or sample().
const configs: SourceConfig[] = [
  { id: "r", kind: "rabbitmq", name: "r", amqpUrl: "amqp://127.0.0.1:1", managementUrl: "http://127.0.0.1:1" },
  { id: "k", kind: "kafka", name: "k", brokers: ["127.0.0.1:1"] },
  { id: "b", kind: "bullmq", name: "b", redisUrl: "redis://127.0.0.1:1", prefix: "bull" },
  { id: "c", kind: "celery", name: "c", brokerUrl: "redis://127.0.0.1:1" },
] as SourceConfig[];
const adapters: BrokerAdapter[] = configs.map(createAdapter);
afterAll(() => Promise.all(adapters.map((a) => a.close())));

const on = (a: BrokerAdapter) =>
  Object.entries(capabilitiesOf(a))
    .filter(([, v]) => v)
    .map(([k]) => k)
    .sort();

describe("capabilities are derived from views and ops", () => {
  it("names what each kind can do, and nothing else", () => {
    const [rabbit, kafka, bull, celery] = adapters as [BrokerAdapter, BrokerAdapter, BrokerAdapter, BrokerAdapter];
    expect(on(rabbit)).toEqual(["deadLetters", "peek", "publish", "purge", "queues", "replay"]);
    expect(on(bull)).toEqual(["jobs", "pause", "queueRateLimit", "queues"]);
    expect(on(kafka)).toEqual(["consumerGroups", "deadLetters", "offsetReset", "produce", "topicPurge", "topicReplay", "topics"]);
    expect(on(celery)).toEqual(["deadLetters", "purge", "queues", "revoke", "taskRateLimit", "taskRetry", "taskTypes", "tasks", "workerConsumers", "workerDetail", "workerPool", "workers"]);
  });

  it("every flag is present, true or false", () => {
    for (const a of adapters) expect(Object.keys(capabilitiesOf(a)).sort()).toEqual(
      ["consumerGroups", "deadLetters", "jobs", "offsetReset", "pause", "peek", "produce", "publish", "purge", "queueRateLimit", "queues", "replay", "revoke", "taskRateLimit", "taskRetry", "taskTypes", "tasks", "topicPurge", "topicReplay", "topics", "workerConsumers", "workerDetail", "workerPool", "workers"],
    );
  });

  it("requireOps hands out the ops of a capability, or an `unsupported` domain error", () => {
    const kafka = adapters[1]!;
    expect(requireOps(adapters[0]!, "purge").purge).toEqual(expect.any(Function));
    let err: unknown;
    try {
      requireOps(kafka, "purge");
    } catch (e) {
      err = e;
    }
    expect(isDomainError(err, "unsupported")).toBe(true);
    expect((err as Error).message).toBe("purge is not supported by this source");
  });
});
