import { describe, expect, it } from "vitest";
import type { Sample } from "@/server/brokers/adapter";
import { seriesKey } from "@/lib/series-key";
import { CELERY_RATE_WINDOW_MS, counterRate, SOURCE_TOTALS, totalsPoints } from "./source-totals";

const sample = (lists: Record<string, unknown[]>, metrics: Sample["metrics"] = []): Sample => ({ health: { status: "up" }, lists, stats: {}, metrics });

const rabbitQueue = (name: string, depth: number | null, rates: { ack: number; out: number }, dlq = false) => ({
  id: name,
  name,
  vhost: "/",
  depth,
  rates: { in: 0, redeliver: 0, ...rates },
  deadLetter: { isDeadLetterQueue: dlq },
});

const bullQueue = (id: string, counts: Partial<Record<"waiting" | "active" | "delayed" | "completed" | "failed", number>>, depth?: number) => {
  const c = { waiting: 0, active: 0, delayed: 0, prioritized: 0, "waiting-children": 0, completed: 0, failed: 0, ...counts };
  return { id, name: id, depth: depth ?? c.waiting + c.delayed, counts: c };
};

describe("SOURCE_TOTALS", () => {
  it("RabbitMQ: messages in every queue, acks per second (deliveries where nothing acks), messages in dead-letter queues", () => {
    const out = SOURCE_TOTALS.rabbitmq({
      at: 0,
      sample: sample({
        queues: [
          rabbitQueue("orders", 10, { ack: 4, out: 5 }),
          rabbitQueue("auto-ack", 2, { ack: 0, out: 3 }),
          rabbitQueue("orders.dlq", 7, { ack: 0, out: 0 }, true),
          rabbitQueue("new", null, { ack: 0, out: 0 }),
        ],
      }),
    });
    expect(out.totals).toEqual({ depth: 19, throughput: 7, deadLetters: 7 });
  });

  it("BullMQ: unfinished jobs, completed per second from the completed sets' growth, failed jobs", () => {
    const first = SOURCE_TOTALS.bullmq({
      at: 10_000,
      sample: sample({ queues: [bullQueue("a", { waiting: 3, delayed: 2, active: 1, completed: 100, failed: 4 }), bullQueue("b", { completed: 50, failed: 1 })] }),
    });
    // No earlier tick: no rate yet.
    expect(first.totals).toEqual({ depth: 6, throughput: null, deadLetters: 5 });
    const second = SOURCE_TOTALS.bullmq({
      at: 15_000,
      prev: first.counters,
      // b's set was trimmed (removeOnComplete): it counts 0, not a negative rate.
      sample: sample({ queues: [bullQueue("a", { waiting: 1, completed: 120, failed: 4 }), bullQueue("b", { completed: 40, failed: 1 }), bullQueue("c", { completed: 9 })] }),
    });
    expect(second.totals).toEqual({ depth: 1, throughput: 4, deadLetters: 5 });
  });

  it("BullMQ: BullMQ's own completed counter wins over the set's size where workers record metrics", () => {
    const q = bullQueue("a", { completed: 10 });
    const metric = (v: number) => [{ entity: seriesKey.queue("a"), metric: "completedTotal", value: v }];
    const first = SOURCE_TOTALS.bullmq({ at: 0, sample: sample({ queues: [q] }, metric(1000)) });
    const second = SOURCE_TOTALS.bullmq({ at: 2_000, prev: first.counters, sample: sample({ queues: [q] }, metric(1030)) });
    expect(second.totals.throughput).toBe(15);
  });

  it("Kafka: lag of every group, consume rate summed over the groups with one (unknown while none has), records in dead-letter topics", () => {
    const group = (lag: number, consumeRate: number | null) => ({ id: `g${lag}`, lag, consumeRate });
    const lists = { groups: [group(5, 2.5), group(7, 1)], "dead-letters": [{ topic: "orders.DLT", count: 3 }, { topic: "pay.DLT", count: 4 }] };
    expect(SOURCE_TOTALS.kafka({ at: 0, sample: sample(lists) }).totals).toEqual({ depth: 12, throughput: 3.5, deadLetters: 7 });
    const newGroup = { ...lists, groups: [group(5, null), group(7, 1)] };
    expect(SOURCE_TOTALS.kafka({ at: 0, sample: sample(newGroup) }).totals.throughput).toBe(1);
    const firstTick = { ...lists, groups: [group(5, null), group(7, null)] };
    expect(SOURCE_TOTALS.kafka({ at: 0, sample: sample(firstTick) }).totals.throughput).toBeNull();
    expect(SOURCE_TOTALS.kafka({ at: 0, sample: sample({ groups: [] }) }).totals).toEqual({ depth: 0, throughput: 0, deadLetters: 0 });
  });

  it("Celery: tasks waiting, tasks finished per second over the window, failed tasks kept", () => {
    const lists = { queues: [{ id: "celery", name: "celery", depth: 4 }, { id: "mail", name: "mail", depth: 6 }] };
    const out = SOURCE_TOTALS.celery({ at: 0, sample: sample(lists), celery: { finished: 120, failed: 9 } });
    expect(out.totals).toEqual({ depth: 10, throughput: 120 / (CELERY_RATE_WINDOW_MS / 1000), deadLetters: 9 });
    expect(SOURCE_TOTALS.celery({ at: 0, sample: sample(lists) }).totals).toEqual({ depth: 10, throughput: null, deadLetters: null });
  });
});

describe("counterRate", () => {
  it("is per second over keys in both readings; none without an earlier reading or time between them", () => {
    const prev = { at: 1_000, counters: new Map([["a", 5]]) };
    expect(counterRate(prev, { at: 3_000, counters: new Map([["a", 9], ["new", 100]]) })).toBe(2);
    expect(counterRate(undefined, prev)).toBeNull();
    expect(counterRate(prev, { at: 1_000, counters: new Map([["a", 9]]) })).toBeNull();
  });
});

describe("totalsPoints", () => {
  it("writes known totals under the source's key and leaves unknown ones out", () => {
    expect(totalsPoints({ depth: 3, throughput: null, deadLetters: 0 })).toEqual([
      { entity: seriesKey.source(), metric: "depth", value: 3 },
      { entity: seriesKey.source(), metric: "deadLetters", value: 0 },
    ]);
  });
});
