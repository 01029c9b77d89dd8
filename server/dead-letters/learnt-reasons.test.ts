import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rabbitReasonText } from "@/lib/rabbitmq";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import { LearntReasonStore } from "./learnt-reasons";

describe.each(STORE_KINDS)("RabbitMQ reasons learnt from reads that happened anyway, kept on %s", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(kind);
  }, STORE_TEST_TIMEOUT);
  afterEach(async () => {
    await store.close();
  });

  it("groups the texts a peek read by signature, with when and from how many of how many", { timeout: STORE_TEST_TIMEOUT }, async () => {
    const learnt = new LearntReasonStore(store.db);
    await learnt.learn("rmq", "q1", ["order 1 not found", "order 22 not found", "rejected", null], 40, "peek", 1_000);
    expect(await learnt.get("rmq", "q1")).toEqual({
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
    expect(await learnt.get("rmq", "q2")).toBeUndefined();
    expect(await learnt.get("other", "q1")).toBeUndefined();
  });

  it("keeps at most its bound of queues per source, forgetting the least recently learnt", { timeout: STORE_TEST_TIMEOUT }, async () => {
    const learnt = new LearntReasonStore(store.db, 2);
    await learnt.learn("s", "a", ["x"], 1, "peek", 1);
    await learnt.learn("s", "b", ["x"], 1, "peek", 2);
    await learnt.learn("t", "a", ["x"], 1, "peek", 2);
    await learnt.learn("s", "a", ["y"], 1, "peek", 3);
    await learnt.learn("s", "c", ["x"], 1, "peek", 4);
    expect(await learnt.get("s", "b")).toBeUndefined();
    expect((await learnt.get("s", "a"))?.at).toBe(3);
    expect((await learnt.get("s", "c"))?.at).toBe(4);
    expect((await learnt.get("t", "a"))?.at).toBe(2);
  });

  it("outlives a restart and reaches another replica on the same database", { timeout: STORE_TEST_TIMEOUT }, async () => {
    const here = new LearntReasonStore(store.db);
    const there = new LearntReasonStore(await store.reopen());
    // The other replica has read the source already (and keeps that read for a moment)...
    expect((await there.forSource("rmq", 10_000)).size).toBe(0);
    await here.learnCounted("rmq", "dlq", [{ message: "timeout after 30 s", count: 7 }], 9, "replay", 10_500);
    expect((await there.forSource("rmq", 10_100)).size).toBe(0);
    // ...and sees the peek once that read is older than its sharing window.
    const seen = await there.forSource("rmq", 13_000);
    expect(seen.get("dlq")).toMatchObject({ how: "replay", read: 7, depth: 9, reasons: [{ signature: "timeout after <n> s", count: 7 }] });
    expect((await new LearntReasonStore(await store.reopen()).get("rmq", "dlq"))?.read).toBe(7);
  });
});

describe("RabbitMQ reason texts", () => {
  it("reads a message's reason from its exception header, else its latest x-death reason", () => {
    expect(rabbitReasonText({ "x-exception-message": "order 7 not found", error: "other" }, "rejected")).toBe("order 7 not found");
    expect(rabbitReasonText({ "x-error": new TextEncoder().encode("boom") }, "rejected")).toBe("boom");
    // As a peek shows byte arrays.
    expect(rabbitReasonText({ exception: { bytes: Buffer.from("disk full").toString("base64") } }, undefined)).toBe("disk full");
    expect(rabbitReasonText({ other: "x" }, "expired")).toBe("expired");
    expect(rabbitReasonText(undefined, undefined)).toBeNull();
  });
});
