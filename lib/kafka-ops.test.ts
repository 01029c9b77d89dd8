import { describe, expect, it } from "vitest";
import { browseQuerySchema, kafkaReplayBodySchema, produceBodySchema, purgeBodySchema } from "./kafka-ops";

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
