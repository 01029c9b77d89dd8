import "server-only";
import type { KafkaGroupDto, KafkaTopicDto } from "@/lib/kafka";
import { offsetRate, partitionKey, timeToDrain, type OffsetSample } from "./consume-rate";
import type { LagClock, LaggingPartition } from "./lag-seconds";
import type { Listing } from "./read";

// What one collector tick adds to the listing from the ticks before it: each group's lag in
// seconds (LagClock: bounded and cached), consume rate (committed-offset deltas), time to
// drain, and each topic's produce rate (end-offset deltas). Keeps only the previous tick's
// offsets of the groups and topics listed now, so its memory follows the cluster's size.

export interface Enriched {
  topics: KafkaTopicDto[];
  groups: KafkaGroupDto[];
}

/** Max age over a group's lagging partitions whose age is known (a lower bound while some are not read yet). */
function groupAges(lagging: readonly { group: string }[], ages: readonly (number | null)[]): Map<string, number> {
  const out = new Map<string, number>();
  lagging.forEach((p, i) => {
    const s = ages[i];
    if (s !== null && s !== undefined) out.set(p.group, Math.max(out.get(p.group) ?? 0, s));
  });
  return out;
}

/** One per Kafka source, owned by its adapter across ticks. */
export class TickRates {
  private prevCommitted = new Map<string, OffsetSample>();
  private prevEnds = new Map<string, OffsetSample>();

  constructor(private readonly clock: LagClock | null) {}

  async enrich(listing: Listing, now = Date.now()): Promise<Enriched> {
    const ends = new Map<string, OffsetSample>();
    const produce = new Map<string, number | null>();
    for (const [topic, parts] of listing.ends) {
      const cur = { at: now, offsets: new Map(parts.map((p) => [partitionKey(topic, p.partition), p.high])) };
      ends.set(topic, cur);
      produce.set(topic, offsetRate(this.prevEnds.get(topic) ?? null, cur));
    }
    this.prevEnds = ends;

    // One LagClock call for the whole tick: it reads at most its per-call budget and caches.
    const lagging: (LaggingPartition & { group: string })[] = [];
    for (const g of listing.groups) {
      for (const p of listing.committed.get(g.id) ?? []) {
        if (p.end !== null && p.end > p.committed) lagging.push({ ...p, group: g.id });
      }
    }
    const ages = groupAges(lagging, this.clock ? await this.clock.lagSeconds(lagging, now) : []);

    const committed = new Map<string, OffsetSample>();
    const groups: KafkaGroupDto[] = listing.groups.map((g) => {
      const parts = listing.committed.get(g.id) ?? [];
      const cur: OffsetSample = { at: now, offsets: new Map(parts.map((p) => [partitionKey(p.topic, p.partition), p.committed])) };
      committed.set(g.id, cur);
      const consumeRate = offsetRate(this.prevCommitted.get(g.id) ?? null, cur);
      // What producers add to the topics the group reads.
      const rates = g.topics.map((t) => produce.get(t) ?? null);
      const produceRate = rates.includes(null) ? null : (rates as number[]).reduce((a, b) => a + b, 0);
      const lagSeconds = g.lag <= 0 ? 0 : (ages.get(g.id) ?? null);
      return { ...g, lagSeconds, consumeRate, timeToDrainSeconds: timeToDrain(g.lag, consumeRate, produceRate) };
    });
    this.prevCommitted = committed;
    return { topics: listing.topics.map((t) => ({ ...t, produceRate: produce.get(t.name) ?? null })), groups };
  }
}
