import { describe, expect, it } from "vitest";
import { KAFKA_REPLAY_COUNT_HEADER, KAFKA_REPLAY_SOURCE_HEADER } from "@/lib/kafka-dead-letters";
import { replayCheckpointGroup, replayCountOf, replayHeaders, replayRanges } from "./replay-records";

const b = (s: string) => Buffer.from(s);

describe("replay count and headers", () => {
  it("reads the count, 0 when absent or unreadable", () => {
    expect(replayCountOf([])).toBe(0);
    expect(replayCountOf([[KAFKA_REPLAY_COUNT_HEADER, b("3")]])).toBe(3);
    expect(replayCountOf([[KAFKA_REPLAY_COUNT_HEADER, b("x")]])).toBe(0);
  });

  it("keeps every header with repeats, replaces count and source", () => {
    const headers = replayHeaders(
      [["a", b("1")], ["t", b("x")], ["t", b("y")], [KAFKA_REPLAY_COUNT_HEADER, b("2")], [KAFKA_REPLAY_SOURCE_HEADER, b("old")]],
      3,
      "dlt/0/7",
    );
    expect(headers).toEqual({ a: b("1"), t: [b("x"), b("y")], [KAFKA_REPLAY_COUNT_HEADER]: "3", [KAFKA_REPLAY_SOURCE_HEADER]: "dlt/0/7" });
  });
});

describe("checkpoint group", () => {
  it("is queuedeck-replay.<dlt> for a plain replay, hashed per selection otherwise", () => {
    expect(replayCheckpointGroup({ topic: "orders.DLT" })).toBe("queuedeck-replay.orders.DLT");
    const a = replayCheckpointGroup({ topic: "orders.DLT", q: { key: "x" } });
    expect(a).toMatch(/^queuedeck-replay\.orders\.DLT\.[0-9a-f]{12}$/);
    expect(replayCheckpointGroup({ topic: "orders.DLT", q: { key: "x" } })).toBe(a);
    expect(replayCheckpointGroup({ topic: "orders.DLT", q: { key: "y" } })).not.toBe(a);
  });
});

describe("replayRanges", () => {
  const low = new Map([[0, 5], [1, 0]]);
  const high = new Map([[0, 50], [1, 20]]);

  it("clamps to the retained log and resumes at the checkpoint", () => {
    expect(replayRanges([0, 1], low, high, {}, new Map([[1, 12]]))).toEqual([
      { partition: 0, start: 5, end: 50, checkpoint: null },
      { partition: 1, start: 12, end: 20, checkpoint: 12 },
    ]);
  });

  it("applies from/to bounds; a checkpoint before `from` or past `to` is ignored or empties the range", () => {
    const bounds = { from: new Map([[0, 10], [1, 10]]), to: new Map([[0, 30], [1, 15]]) };
    expect(replayRanges([0, 1], low, high, bounds, new Map([[0, 3], [1, 18]]))).toEqual([
      { partition: 0, start: 10, end: 30, checkpoint: 3 },
      { partition: 1, start: 15, end: 15, checkpoint: 18 },
    ]);
  });
});
