import { describe, expect, it } from "vitest";
import { offsetResetSchema } from "./kafka";
import { browseQuerySchema, produceBodySchema, purgeBodySchema } from "./kafka";
import { kafkaReplayBodySchema } from "./kafka-dead-letters";

describe("offsetResetSchema", () => {
  it("accepts every kind of target and defaults dryRun to false", () => {
    expect(offsetResetSchema.parse({ to: "earliest" })).toEqual({ to: "earliest", dryRun: false });
    expect(offsetResetSchema.parse({ to: "latest", topic: "t", partitions: [0, 2], dryRun: true }))
      .toEqual({ to: "latest", topic: "t", partitions: [0, 2], dryRun: true });
    expect(offsetResetSchema.parse({ to: { offset: 5 } }).to).toEqual({ offset: 5 });
    expect(offsetResetSchema.parse({ to: { shiftBy: -3 } }).to).toEqual({ shiftBy: -3 });
    expect(offsetResetSchema.parse({ to: { timestamp: 1_700_000_000_000 } }).to).toEqual({ timestamp: 1_700_000_000_000 });
  });

  it("turns an ISO time into unix ms", () => {
    expect(offsetResetSchema.parse({ to: { timestamp: "2024-01-02T03:04:05.000Z" } }).to)
      .toEqual({ timestamp: Date.parse("2024-01-02T03:04:05.000Z") });
  });

  it("refuses partitions without a topic, unknown targets and extra keys", () => {
    const bad = [
      { to: "earliest", partitions: [0] },
      { to: "middle" },
      { to: { offset: -1 } },
      { to: { offset: 1.5 } },
      { to: { offset: 1, shiftBy: 2 } },
      { to: "earliest", partitions: [] },
      { to: "earliest", force: true },
      {},
    ];
    for (const body of bad) expect(offsetResetSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    const r = offsetResetSchema.safeParse({ to: "earliest", partitions: [0] });
    expect(r.success ? "" : r.error.issues[0]!.message).toBe("partitions need a topic");
  });
});

describe("kafka topic schemas", () => {
  it("coerces browse query strings and allows one start at most", () => {
    expect(browseQuerySchema.parse({ partition: "2", offset: "10", limit: "5" })).toEqual({ partition: 2, offset: 10, limit: 5 });
    expect(browseQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(browseQuerySchema.safeParse({ offset: "1", newest: "5" }).success).toBe(false);
    expect(browseQuerySchema.safeParse({ limit: "501" }).success).toBe(false);
    expect(browseQuerySchema.parse({ q: "red", key: "order-", header: "tenant=acme" })).toMatchObject({ q: "red", key: "order-", header: "tenant=acme" });
  });

  it("checks produce, purge and replay bodies", () => {
    expect(produceBodySchema.parse({ value: "x" })).toEqual({ value: "x", encoding: "text", headers: {} });
    expect(purgeBodySchema.safeParse({ partitions: [] }).success).toBe(false);
    expect(purgeBodySchema.parse({ partitions: [{ partition: 0, offset: 5 }] })).toEqual({ partitions: [{ partition: 0, offset: 5 }] });
    expect(kafkaReplayBodySchema.parse({})).toEqual({ maxReplays: 3, restart: false });
    expect(kafkaReplayBodySchema.safeParse({ target: "bad topic!" }).success).toBe(false);
    expect(kafkaReplayBodySchema.parse({ from: { timestamp: 5 }, to: { offset: 9 } })).toMatchObject({ from: { timestamp: 5 }, to: { offset: 9 } });
    expect(kafkaReplayBodySchema.safeParse({ unknown: 1 }).success).toBe(false);
  });
});
