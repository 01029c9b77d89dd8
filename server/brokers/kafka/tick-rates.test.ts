import { describe, expect, it } from "vitest";
import type { LagClock, LaggingPartition } from "./lag-seconds";
import type { Listing } from "./read";
import { TickRates } from "./tick-rates";

/** Ages by topic/partition, as if every record had been read. */
const clock = (ages: Record<string, number>) =>
  ({ lagSeconds: async (parts: readonly LaggingPartition[]) => parts.map((p) => ages[`${p.topic}/${p.partition}`] ?? null) }) as unknown as LagClock;

function listing(committed: { topic: string; partition: number; committed: number; end: number }[]): Listing {
  const lagByTopic: Record<string, number> = {};
  for (const p of committed) lagByTopic[p.topic] = (lagByTopic[p.topic] ?? 0) + p.end - p.committed;
  const topics = Object.keys(lagByTopic).sort();
  return {
    topics: [],
    groups: [{ id: "g", groupId: "g", state: "Empty", protocolType: "consumer", members: 0, lag: Object.values(lagByTopic).reduce((a, b) => a + b, 0), topics, partitionsWithoutOffset: 0, lagByTopic }],
    committed: new Map([["g", committed.map((p) => ({ ...p, low: 0 }))]]),
    ends: new Map(),
    problems: [],
  };
}

describe("TickRates", () => {
  it("gives lag in seconds per topic (0 where the group is caught up) and the max as the group's", async () => {
    const rates = new TickRates(clock({ "a/0": 30, "a/1": 50, "b/0": 7 }));
    const { groups } = await rates.enrich(listing([
      { topic: "a", partition: 0, committed: 1, end: 5 },
      { topic: "a", partition: 1, committed: 2, end: 5 },
      { topic: "b", partition: 0, committed: 9, end: 9 },
      { topic: "c", partition: 0, committed: 1, end: 4 },
    ]), 1_000);
    expect(groups[0]).toMatchObject({ lagSeconds: 50, lagSecondsByTopic: { a: 50, b: 0, c: null }, consumeRate: null });
  });

  it("measures the consume rate between two ticks", async () => {
    const rates = new TickRates(null);
    await rates.enrich(listing([{ topic: "a", partition: 0, committed: 1, end: 50 }]), 0);
    const { groups } = await rates.enrich(listing([{ topic: "a", partition: 0, committed: 21, end: 50 }]), 10_000);
    expect(groups[0]).toMatchObject({ consumeRate: 2, lagSeconds: null, lagSecondsByTopic: { a: null } });
  });
});
