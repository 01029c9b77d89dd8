import { describe, expect, it } from "vitest";
import { rabbitReasonText } from "@/lib/rabbitmq";
import { LearntReasonCache } from "./learnt-reasons";

describe("RabbitMQ reasons learnt from reads that happened anyway", () => {
  it("groups the texts a peek read by signature, with when and from how many of how many", () => {
    const cache = new LearntReasonCache();
    cache.learn("rmq", "q1", ["order 1 not found", "order 22 not found", "rejected", null], 40, "peek", 1_000);
    expect(cache.get("rmq", "q1")).toEqual({
      at: 1_000,
      how: "peek",
      read: 4,
      depth: 40,
      reasons: [
        { signature: "order <n> not found", example: "order 1 not found", count: 2 },
        { signature: "(no error text)", example: "(no error text)", count: 1 },
        { signature: "rejected", example: "rejected", count: 1 },
      ],
    });
    expect(cache.get("rmq", "q2")).toBeUndefined();
    expect(cache.get("other", "q1")).toBeUndefined();
  });

  it("keeps at most its bound of queues, forgetting the least recently learnt", () => {
    const cache = new LearntReasonCache(2);
    cache.learn("s", "a", ["x"], 1, "peek", 1);
    cache.learn("s", "b", ["x"], 1, "peek", 2);
    cache.learn("s", "a", ["y"], 1, "peek", 3);
    cache.learn("s", "c", ["x"], 1, "peek", 4);
    expect(cache.get("s", "b")).toBeUndefined();
    expect(cache.get("s", "a")?.at).toBe(3);
    expect(cache.get("s", "c")?.at).toBe(4);
  });

  it("reads a message's reason from its exception header, else its latest x-death reason", () => {
    expect(rabbitReasonText({ "x-exception-message": "order 7 not found", error: "other" }, "rejected")).toBe("order 7 not found");
    expect(rabbitReasonText({ "x-error": new TextEncoder().encode("boom") }, "rejected")).toBe("boom");
    // As a peek shows byte arrays.
    expect(rabbitReasonText({ exception: { bytes: Buffer.from("disk full").toString("base64") } }, undefined)).toBe("disk full");
    expect(rabbitReasonText({ other: "x" }, "expired")).toBe("expired");
    expect(rabbitReasonText(undefined, undefined)).toBeNull();
  });
});
