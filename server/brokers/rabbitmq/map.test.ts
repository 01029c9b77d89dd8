import { describe, expect, it } from "vitest";
import { withHeartbeat } from "./amqp";
import { queueIdOf, vhostIdOf } from "@/lib/rabbitmq";
import { mapQueue, NO_DEAD_LETTER, parseQueueId, queueId, queueMetrics, queueStats, versionText, vhostId } from "./map";

describe("queue ids", () => {
  it("are URL-safe and round-trip any vhost and name", () => {
    for (const [vhost, name] of [
      ["/", "orders"],
      ["/", "Bestellungen für Jürgen 東京 ?#&/+="],
      ["team/a b", "a\u0000b-not-really"],
      ["", ""],
    ] as const) {
      const id = queueId(vhost, name);
      expect(id).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(encodeURIComponent(id)).toBe(id);
      // A NUL inside the name survives: only the first NUL separates vhost from name.
      expect(parseQueueId(id)).toEqual({ vhost, name });
      // The browser computes the same ids (lib/rabbitmq.ts) without Buffer.
      expect(queueIdOf(vhost, name)).toBe(id);
      expect(vhostIdOf(vhost)).toBe(vhostId(vhost));
    }
  });

  it("rejects ids that are not ours", () => {
    expect(parseQueueId("not base64!")).toBeNull();
    expect(parseQueueId(Buffer.from("no separator").toString("base64url"))).toBeNull();
  });
});

describe("mapQueue", () => {
  it("maps the management API's fields", () => {
    const q = mapQueue({
      name: "orders",
      vhost: "/",
      type: "quorum",
      state: "running",
      messages: 12,
      messages_ready: 10,
      messages_unacknowledged: 2,
      consumers: 3,
      arguments: { "x-queue-type": "quorum" },
      policy: "dlx",
      effective_policy_definition: { "dead-letter-exchange": "dlx" },
      consumer_utilisation: 0.5,
      message_stats: {
        publish_details: { rate: 4.5 },
        deliver_get_details: { rate: 3.2 },
        ack_details: { rate: 3 },
        redeliver_details: { rate: 0.2 },
      },
    });
    expect(q).toEqual({
      id: queueId("/", "orders"),
      name: "orders",
      vhost: "/",
      type: "quorum",
      state: "running",
      depth: 12,
      ready: 10,
      unacked: 2,
      consumers: 3,
      consumerUtilisation: 0.5,
      rates: { in: 4.5, out: 3.2, ack: 3, redeliver: 0.2 },
      arguments: { "x-queue-type": "quorum" },
      policy: "dlx",
      effectivePolicy: { "dead-letter-exchange": "dlx" },
      deadLetter: NO_DEAD_LETTER,
    });
  });

  it("keeps not-yet-reported statistics unknown rather than zero", () => {
    const q = mapQueue({ name: "fresh", vhost: "/", type: "classic" });
    expect(q).toMatchObject({ depth: null, ready: null, unacked: null, consumers: null, state: null, policy: null });
    expect(q.rates).toEqual({ in: 0, out: 0, ack: 0, redeliver: 0 });
    expect(q.consumerUtilisation).toBeNull();
    const metrics = queueMetrics([q]);
    expect(metrics.find((m) => m.metric === "depth")).toBeUndefined();
    expect(metrics).toContainEqual({ entity: "", metric: "messages", value: 0 });
  });
});

describe("stats and metrics", () => {
  const queues = [
    mapQueue({ name: "a", vhost: "/", messages: 5, consumers: 1 }),
    mapQueue({ name: "b", vhost: "v1", messages: 7, consumers: 0 }),
  ];
  it("sums depth and consumers; the queue count is the broker's total", () => {
    expect(queueStats(queues, 40)).toEqual({ queues: 40, messages: 12, consumers: 1, deadLetters: 0 });
  });
  it("names entities queue:<opaque id>", () => {
    const m = queueMetrics(queues);
    expect(m).toContainEqual({ entity: `queue:${queues[0]!.id}`, metric: "depth", value: 5 });
    expect(m).toContainEqual({ entity: `queue:${queues[1]!.id}`, metric: "in", value: 0 });
    expect(m).toContainEqual({ entity: "", metric: "messages", value: 12 });
  });
  it("sums each vhost into vhost:<base64url vhost>", () => {
    const m = queueMetrics([...queues, mapQueue({ name: "c", vhost: "v1", messages: 3 })]);
    expect(m).toContainEqual({ entity: `vhost:${vhostId("v1")}`, metric: "depth", value: 10 });
    expect(m).toContainEqual({ entity: `vhost:${vhostId("/")}`, metric: "depth", value: 5 });
  });
});

describe("versionText", () => {
  it("names RabbitMQ and Erlang", () => {
    expect(versionText({ rabbitmq_version: "3.10.8", erlang_version: "25.2.3" })).toBe("RabbitMQ 3.10.8 (Erlang 25.2.3)");
    expect(versionText({ rabbitmq_version: "4.1.0" })).toBe("RabbitMQ 4.1.0");
    expect(versionText({})).toBeUndefined();
  });
});

describe("withHeartbeat", () => {
  it("adds a heartbeat unless the URL sets one, keeping vhost and credentials", () => {
    expect(withHeartbeat("amqp://u:p@h:5672/%2F")).toBe("amqp://u:p@h:5672/%2F?heartbeat=15");
    expect(withHeartbeat("amqp://h?heartbeat=5")).toBe("amqp://h?heartbeat=5");
  });
});
