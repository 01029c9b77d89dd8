import { describe, expect, it } from "vitest";
import type { Sample } from "@/server/brokers/adapter";
import { queueIdOf } from "@/lib/rabbitmq";
import { toBase64url } from "@/lib/base64url";
import { AlertEvaluator, type RuleSpec } from "./evaluator";
import { entityMatcher } from "./match";
import { step } from "./state";

const rule = (over: Partial<RuleSpec> = {}): RuleSpec => ({
  id: 1,
  name: "orders backlog",
  source: "*",
  entity: "orders.*",
  metric: "depth",
  op: ">",
  threshold: 100,
  forSeconds: 10,
  severity: "warning",
  ...over,
});

const rabbit = { id: "rmq", kind: "rabbitmq" as const };
const up = (depths: Record<string, number>, vhost = "/"): Sample => ({
  health: { status: "up" },
  lists: {},
  stats: {},
  metrics: Object.entries(depths).map(([name, value]) => ({ entity: `queue:${queueIdOf(vhost, name)}`, metric: "depth", value })),
});
const down: Sample = { health: { status: "down", error: "refused" }, lists: {}, stats: {}, metrics: [] };

describe("entity patterns", () => {
  it("match whole names, * standing for any run of characters, everything else literal", () => {
    expect(entityMatcher("orders.*")(["orders.eu"])).toBe(true);
    expect(entityMatcher("orders.*")(["orders"])).toBe(false);
    expect(entityMatcher("orders.*")(["ordersXeu"])).toBe(false);
    expect(entityMatcher("*.dlq")(["a.b.dlq"])).toBe(true);
    expect(entityMatcher("*")(["anything"])).toBe(true);
    expect(entityMatcher("orders")(["orders"])).toBe(true);
    expect(entityMatcher("orders")(["Orders"])).toBe(false);
    expect(entityMatcher("a+b(c)")(["a+b(c)"])).toBe(true);
    expect(entityMatcher("shop/orders*")(["orders.eu", "shop/orders.eu"])).toBe(true);
  });
});

describe("the state of one alert", () => {
  it("is pending until the condition held forSeconds, then fires once", () => {
    let r = step(undefined, true, 150, 0, 10_000);
    expect(r).toEqual({ next: { phase: "pending", since: 0, value: 150 } });
    r = step(r.next, true, 160, 5_000, 10_000);
    expect(r.notify).toBeUndefined();
    r = step(r.next, true, 170, 10_000, 10_000);
    expect(r.notify).toBe("firing");
    expect(r.next).toEqual({ phase: "firing", since: 10_000, value: 170 });
    r = step(r.next, true, 180, 15_000, 10_000);
    expect(r.notify).toBeUndefined();
  });

  it("forgets a pending alert whose condition stops holding, without a message", () => {
    const r = step({ phase: "pending", since: 0, value: 150 }, false, 50, 5_000, 10_000);
    expect(r).toEqual({ next: undefined });
  });

  it("resolves only after the condition has been false for forSeconds (hysteresis)", () => {
    let r = step({ phase: "firing", since: 0, value: 150 }, false, 50, 20_000, 10_000);
    expect(r).toEqual({ next: { phase: "clearing", since: 0, clearSince: 20_000, value: 50 } });
    // Back over the threshold: still the same firing alert, no second message.
    r = step(r.next, true, 120, 25_000, 10_000);
    expect(r).toEqual({ next: { phase: "firing", since: 0, value: 120 } });
    r = step(r.next, false, 10, 30_000, 10_000);
    r = step(r.next, false, 10, 39_000, 10_000);
    expect(r.notify).toBeUndefined();
    r = step(r.next, false, 0, 40_000, 10_000);
    expect(r).toEqual({ next: undefined, notify: "resolved" });
  });

  it("fires and resolves on the tick itself with forSeconds 0, and holds its state without data", () => {
    const fired = step(undefined, true, 1, 0, 0);
    expect(fired.notify).toBe("firing");
    expect(step(fired.next, undefined, 0, 5_000, 0)).toEqual({ next: fired.next });
    expect(step(fired.next, false, 0, 5_000, 0).notify).toBe("resolved");
  });
});

describe("AlertEvaluator", () => {
  it("fires once per queue matching the rule, and resolves each once, on RabbitMQ queue names", () => {
    const ev = new AlertEvaluator();
    ev.setRules([rule()]);
    expect(ev.evaluate(rabbit, up({ "orders.eu": 150, "orders.us": 10, payments: 999 }), true, 0)).toEqual([]);
    const fired = ev.evaluate(rabbit, up({ "orders.eu": 150, "orders.us": 10, payments: 999 }), true, 10_000);
    expect(fired.map((c) => [c.state, c.entity, c.value])).toEqual([["firing", "orders.eu", 150]]);
    expect(ev.firing()).toEqual([
      { ruleId: 1, name: "orders backlog", severity: "warning", source: "rmq", entity: "orders.eu", metric: "depth", value: 150, threshold: 100, op: ">", since: new Date(10_000).toISOString() },
    ]);
    // Many more ticks over the threshold: no storm.
    for (let t = 11_000; t < 60_000; t += 1000) expect(ev.evaluate(rabbit, up({ "orders.eu": 150 + t / 1000 }), true, t)).toEqual([]);
    expect(ev.evaluate(rabbit, up({ "orders.eu": 0 }), true, 60_000)).toEqual([]);
    const resolved = ev.evaluate(rabbit, up({ "orders.eu": 0 }), true, 70_000);
    expect(resolved.map((c) => [c.state, c.entity, c.since])).toEqual([["resolved", "orders.eu", 10_000]]);
    expect(ev.firing()).toEqual([]);
  });

  it("names queues of other vhosts vhost/queue and matches either form", () => {
    const ev = new AlertEvaluator();
    ev.setRules([rule({ entity: "shop/orders.*", forSeconds: 0 })]);
    const fired = ev.evaluate(rabbit, up({ "orders.eu": 150 }, "shop"), true, 0);
    expect(fired.map((c) => c.entity)).toEqual(["shop/orders.eu"]);
  });

  it("holds alerts while the source is down, and resolves one whose queue is gone", () => {
    const ev = new AlertEvaluator();
    ev.setRules([rule({ forSeconds: 0 })]);
    expect(ev.evaluate(rabbit, up({ "orders.eu": 150 }), true, 0)).toHaveLength(1);
    expect(ev.evaluate(rabbit, down, false, 1000)).toEqual([]);
    expect(ev.firing()).toHaveLength(1);
    expect(ev.evaluate(rabbit, up({}), true, 2000).map((c) => c.state)).toEqual(["resolved"]);
  });

  it("watches sourceDown whatever the entity, and only the rule's source", () => {
    const ev = new AlertEvaluator();
    ev.setRules([rule({ source: "rmq", metric: "sourceDown", op: ">", threshold: 0, forSeconds: 0, entity: "*" })]);
    expect(ev.evaluate({ id: "other", kind: "rabbitmq" }, down, false, 0)).toEqual([]);
    expect(ev.evaluate(rabbit, down, false, 0).map((c) => [c.state, c.entity, c.value])).toEqual([["firing", "", 1]]);
    expect(ev.evaluate(rabbit, up({}), true, 1000).map((c) => [c.state, c.value])).toEqual([["resolved", 0]]);
  });

  it("reads deadLetters from the lists of each kind", () => {
    const ev = new AlertEvaluator();
    ev.setRules([rule({ metric: "deadLetters", entity: "*", threshold: 0, forSeconds: 0 })]);
    const rabbitSample: Sample = {
      ...up({}),
      lists: {
        queues: [
          { name: "orders.dlq", vhost: "/", depth: 3, deadLetter: { isDeadLetterQueue: true } },
          { name: "orders", vhost: "/", depth: 7, deadLetter: { isDeadLetterQueue: false } },
        ],
      },
    };
    expect(ev.evaluate(rabbit, rabbitSample, true, 0).map((c) => [c.entity, c.value])).toEqual([["orders.dlq", 3]]);
    const bull: Sample = { ...up({}), lists: { queues: [{ id: toBase64url("mail"), name: "mail", counts: { failed: 2 } }] } };
    expect(ev.evaluate({ id: "jobs", kind: "bullmq" }, bull, true, 0).map((c) => [c.entity, c.value])).toEqual([["mail", 2]]);
    const kafka: Sample = { ...up({}), lists: { "dead-letters": [{ topic: "pay.DLT", count: 5 }] } };
    expect(ev.evaluate({ id: "k", kind: "kafka" }, kafka, true, 0).map((c) => [c.entity, c.value])).toEqual([["pay.DLT", 5]]);
  });

  it("matches Kafka groups and BullMQ queues by name, and starts a changed rule's alerts over", () => {
    const ev = new AlertEvaluator();
    ev.setRules([rule({ metric: "lag", entity: "billing-*", forSeconds: 0 })]);
    const kafka: Sample = { health: { status: "up" }, lists: {}, stats: {}, metrics: [{ entity: "group:billing-eu", metric: "lag", value: 500 }, { entity: "", metric: "lag", value: 900 }] };
    expect(ev.evaluate({ id: "k", kind: "kafka" }, kafka, true, 0).map((c) => c.entity)).toEqual(["billing-eu"]);
    ev.setRules([rule({ metric: "lag", entity: "billing-*", forSeconds: 0, name: "renamed" })]);
    expect(ev.firing().map((a) => a.name)).toEqual(["renamed"]);
    ev.setRules([rule({ metric: "lag", entity: "billing-*", forSeconds: 0, threshold: 1000 })]);
    expect(ev.firing()).toEqual([]);
    ev.setRules([rule({ metric: "depth", entity: "mail", forSeconds: 0 })]);
    const bull: Sample = { health: { status: "up" }, lists: {}, stats: {}, metrics: [{ entity: `queue:${toBase64url("mail")}`, metric: "depth", value: 101 }] };
    expect(ev.evaluate({ id: "jobs", kind: "bullmq" }, bull, true, 0).map((c) => c.entity)).toEqual(["mail"]);
  });
});

describe("Celery task names", () => {
  it("watch dead letters by task name with wildcards, from the failures the engine reads", () => {
    const ev = new AlertEvaluator();
    ev.setRules([rule({ entity: "billing.*", metric: "deadLetters", threshold: 2, forSeconds: 0 })]);
    const celery = { id: "tasks", kind: "celery" as const };
    const sample: Sample = { health: { status: "up" }, lists: {}, stats: {}, metrics: [] };
    expect(ev.wants("tasks", "deadLetters")).toBe(true);
    expect(ev.wants("tasks", "depth")).toBe(false);
    const fired = ev.evaluate(celery, sample, true, 0, [
      { name: "billing.charge", count: 5 },
      { name: "billing.refund", count: 1 },
      { name: "emails.send", count: 9 },
    ]);
    expect(fired.map((c) => [c.state, c.entity, c.value])).toEqual([["firing", "billing.charge", 5]]);
    const resolved = ev.evaluate(celery, sample, true, 5_000, [{ name: "billing.charge", count: 0 }]);
    expect(resolved.map((c) => [c.state, c.entity])).toEqual([["resolved", "billing.charge"]]);
  });
});
