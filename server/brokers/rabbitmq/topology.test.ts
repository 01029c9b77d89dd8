import { describe, expect, it } from "vitest";
import { deadLetterTopology, topicMatches, type TopologyQueue } from "./topology";
import type { BindingItem, ExchangeItem } from "./schemas";

const ex = (name: string, type: string, vhost = "/"): ExchangeItem => ({ name, type, vhost });
const bind = (source: string, destination: string, routing_key: string, destination_type: "queue" | "exchange" = "queue", vhost = "/"): BindingItem => ({
  source,
  destination,
  routing_key,
  destination_type,
  vhost,
});

function run(queues: TopologyQueue[], exchanges: ExchangeItem[], bindings: BindingItem[]) {
  const r = deadLetterTopology(queues, exchanges, bindings);
  return (name: string, vhost = "/") => r.get(queues.find((q) => q.name === name && q.vhost === vhost)!)!;
}

describe("topicMatches", () => {
  it("follows AMQP topic rules", () => {
    expect(topicMatches("orders.*", "orders.created")).toBe(true);
    expect(topicMatches("orders.*", "orders.created.eu")).toBe(false);
    expect(topicMatches("orders.#", "orders")).toBe(true);
    expect(topicMatches("#", "anything.at.all")).toBe(true);
    expect(topicMatches("*.dead", "orders.dead")).toBe(true);
    expect(topicMatches("a.#.z", "a.b.c.z")).toBe(true);
    expect(topicMatches("a.#.z", "a.b.c")).toBe(false);
  });
});

describe("deadLetterTopology", () => {
  it("follows a DLX set by argument through a direct exchange, keyed by the queue's name", () => {
    const at = run(
      [{ name: "orders", vhost: "/", arguments: { "x-dead-letter-exchange": "dlx" } }, { name: "orders.dlq", vhost: "/" }],
      [ex("dlx", "direct")],
      [bind("dlx", "orders.dlq", "orders")],
    );
    expect(at("orders")).toMatchObject({ target: "orders.dlq", exchange: "dlx", configuredBy: "argument", isDeadLetterQueue: false });
    expect(at("orders.dlq")).toMatchObject({ isDeadLetterQueue: true, origins: ["orders"], target: null });
  });

  it("uses the policy's keys when arguments set none; arguments win key by key", () => {
    const at = run(
      [
        { name: "a", vhost: "/", effective_policy_definition: { "dead-letter-exchange": "dlx", "dead-letter-routing-key": "dead" } },
        { name: "b", vhost: "/", arguments: { "x-dead-letter-exchange": "" }, effective_policy_definition: { "dead-letter-exchange": "dlx", "dead-letter-routing-key": "b.dlq" } },
        { name: "dead.q", vhost: "/" },
        { name: "b.dlq", vhost: "/" },
      ],
      [ex("dlx", "topic")],
      [bind("dlx", "dead.q", "#")],
    );
    expect(at("a")).toMatchObject({ target: "dead.q", configuredBy: "policy", routingKey: "dead" });
    // Argument exchange "" (default exchange) + policy routing key "b.dlq": straight to b.dlq.
    expect(at("b")).toMatchObject({ target: "b.dlq", exchange: "", configuredBy: "argument" });
    expect(at("dead.q").origins).toEqual(["a"]);
    expect(at("b.dlq").origins).toEqual(["b"]);
  });

  it("fans out, follows exchange-to-exchange bindings, and keeps vhosts apart", () => {
    const at = run(
      [
        { name: "x", vhost: "v/1", arguments: { "x-dead-letter-exchange": "dl" } },
        { name: "d1", vhost: "v/1" },
        { name: "d2", vhost: "v/1" },
        { name: "d1", vhost: "other" },
      ],
      [ex("dl", "fanout", "v/1"), ex("inner", "direct", "v/1")],
      [bind("dl", "d1", "", "queue", "v/1"), bind("dl", "inner", "", "exchange", "v/1"), bind("inner", "d2", "x", "queue", "v/1")],
    );
    expect(at("x", "v/1").targets.sort()).toEqual(["d1", "d2"]);
    expect(at("d1", "v/1").isDeadLetterQueue).toBe(true);
    expect(at("d2", "v/1").isDeadLetterQueue).toBe(true);
    expect(at("d1", "other").isDeadLetterQueue).toBe(false);
  });

  it("treats a TTL queue that dead-letters straight back into one queue as a delay queue, not an origin", () => {
    const at = run(
      [
        { name: "work", vhost: "/" },
        { name: "work.retry", vhost: "/", arguments: { "x-message-ttl": 5000, "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "work" } },
      ],
      [],
      [],
    );
    expect(at("work.retry")).toMatchObject({ retry: true, target: "work" });
    expect(at("work").isDeadLetterQueue).toBe(false);
  });

  it("finds no target when nothing is bound for the key or the exchange is unknown", () => {
    const at = run(
      [{ name: "q", vhost: "/", arguments: { "x-dead-letter-exchange": "dlx", "x-dead-letter-routing-key": "nope" } }, { name: "dlq", vhost: "/" }],
      [ex("dlx", "direct")],
      [bind("dlx", "dlq", "other")],
    );
    expect(at("q")).toMatchObject({ target: null, targets: [], exchange: "dlx" });
    expect(at("dlq").isDeadLetterQueue).toBe(false);
  });
});
