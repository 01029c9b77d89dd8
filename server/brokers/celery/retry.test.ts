import { describe, expect, it } from "vitest";
import type { CeleryTaskDetailDto } from "@/lib/celery";
import { RETRY_OF_HEADER, checkRetry, retryInputOf, retryTask } from "./retry";

const stored: CeleryTaskDetailDto = {
  id: "old-1",
  name: "demo.add",
  state: "FAILURE",
  worker: "w1@h",
  queue: "images",
  argsPreview: "(1, 'x')",
  sentAt: null,
  receivedAt: null,
  startedAt: null,
  finishedAt: null,
  runtime: null,
  retries: 0,
  exception: "TypeError",
  parentId: null,
  rootId: "old-1",
  args: "(1, 'x')",
  kwargs: "{'scale': 2}",
  result: null,
  traceback: null,
  eta: null,
  expires: null,
  exchange: "",
  routingKey: "images",
  timeline: [],
  family: null,
  retriedFrom: null,
  retriedAs: [],
  retryable: true,
  familyTruncated: false,
  groupId: null,
  seenAt: "2026-12-02T10:00:00.000Z",
};

describe("retry of a stored task", () => {
  it("sends the same name, args, kwargs and routing under a new id that links to the old one", () => {
    const input = retryInputOf(stored);
    expect(input).toEqual({ fromId: "old-1", name: "demo.add", args: [1, "x"], kwargs: { scale: 2 }, queue: "images", exchange: "", routingKey: "images" });
    expect(retryTask(input, "new-1")).toEqual({
      id: "new-1",
      name: "demo.add",
      args: [1, "x"],
      kwargs: { scale: 2 },
      queue: "images",
      routingKey: "images",
      parentId: null,
      rootId: "new-1",
      headers: { [RETRY_OF_HEADER]: "old-1" },
    });
    expect(retryTask(input).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses with a reason a person can act on", () => {
    expect(() => retryInputOf({ ...stored, state: "SUCCESS" })).toThrow(/it is SUCCESS; only failed or revoked/);
    expect(() => retryInputOf({ ...stored, args: null })).toThrow(/arguments are not known/);
    expect(() => retryInputOf({ ...stored, args: `('${"a".repeat(1030)}...', ...)` })).toThrow(/known only cut short/);
    expect(checkRetry({ ...stored, args: "(1.0,)" })).toEqual({ ok: false, reason: expect.stringMatching(/float 1.0 would arrive as an integer/) });
    expect(checkRetry(stored).ok).toBe(true);
    expect(() => retryInputOf({ ...stored, queue: null, exchange: null, routingKey: null })).toThrow(/queue it was sent to/);
    expect(() => retryInputOf({ ...stored, args: "(<Foo>,)" })).toThrow(/args as the worker reported them cannot be read back exactly/);
    expect(() => retryInputOf({ ...stored, kwargs: "[1]" })).toThrow(/kwargs are not a mapping/);
    try {
      retryInputOf({ ...stored, state: "STARTED" });
    } catch (err) {
      expect(err).toMatchObject({ code: "conflict" });
    }
  });

  it("falls back to the routing key as the queue on the default exchange", () => {
    expect(retryInputOf({ ...stored, queue: null, exchange: "", routingKey: "celery" }).queue).toBe("celery");
  });
});
