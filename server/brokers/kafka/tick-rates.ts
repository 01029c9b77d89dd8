import "server-only";
import type { KafkaGroupDto, KafkaTopicDto } from "@/lib/kafka";
import { committedRate, offsetRate, partitionKey, timeToDrain, type CommittedSample, type OffsetSample } from "./consume-rate";
import type { LagClock } from "./lag-seconds";
import type { CommittedPartition, Listing } from "./read";

// What one collector tick adds to the listing from the ticks before it: each group's lag in
// seconds (LagClock: bounded and cached), consume rate (committed-offset deltas), time to
// drain, and each topic's produce rate (end-offset deltas). Keeps only the previous tick's
// offsets of the groups and topics listed now, so its memory follows the cluster's size. A tick
// of a large cluster carries tens of thousands of committed partitions: nothing here builds a
// key or an object per partition.

/** How long a tick waits for record reads (lag in seconds); slower ones serve the next tick. */
export const TICK_LAG_WAIT_MS = 250;

export interface Enriched {
  topics: KafkaTopicDto[];
  groups: KafkaGroupDto[];
}

/** One per Kafka source, owned by its adapter across ticks. */
export class TickRates {
  private prevCommitted = new Map<string, CommittedSample>();
  private prevEnds = new Map<string, OffsetSample>();

  constructor(
    private readonly clock: LagClock | null,
    private readonly lagWaitMs = TICK_LAG_WAIT_MS,
  ) {}

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
    const lagging: CommittedPartition[] = [];
    const owner: number[] = [];
    listing.groups.forEach((g, gi) => {
      for (const p of listing.committed.get(g.id) ?? []) {
        if (p.end !== null && p.end > p.committed) {
          lagging.push(p);
          owner.push(gi);
        }
      }
    });
    // Max age over a group's lagging partitions whose age is known (a lower bound while some are
    // not read yet), per topic; the group's is the max over its topics.
    const oldest: (Map<string, number> | undefined)[] = new Array(listing.groups.length);
    if (this.clock && lagging.length > 0) {
      const ages = await this.clock.lagSeconds(lagging, now, this.lagWaitMs);
      ages.forEach((s, i) => {
        if (s === null) return;
        const gi = owner[i]!;
        const topic = lagging[i]!.topic;
        const byTopic = (oldest[gi] ??= new Map());
        byTopic.set(topic, Math.max(byTopic.get(topic) ?? 0, s));
      });
    }

    const committed = new Map<string, CommittedSample>();
    const groups: KafkaGroupDto[] = listing.groups.map((g, gi) => {
      const cur: CommittedSample = { at: now, parts: listing.committed.get(g.id) ?? [] };
      committed.set(g.id, cur);
      const consumeRate = committedRate(this.prevCommitted.get(g.id) ?? null, cur);
      // What producers add to the topics the group reads.
      const rates = g.topics.map((t) => produce.get(t) ?? null);
      const produceRate = rates.includes(null) ? null : (rates as number[]).reduce((a, b) => a + b, 0);
      const ages = oldest[gi];
      const lagSecondsByTopic: Record<string, number | null> = {};
      for (const t of g.topics) lagSecondsByTopic[t] = (g.lagByTopic[t] ?? 0) <= 0 ? 0 : (ages?.get(t) ?? null);
      const lagSeconds = g.lag <= 0 ? 0 : ages ? Math.max(...ages.values()) : null;
      return { ...g, lagSeconds, lagSecondsByTopic, consumeRate, timeToDrainSeconds: timeToDrain(g.lag, consumeRate, produceRate) };
    });
    this.prevCommitted = committed;
    return { topics: listing.topics.map((t) => ({ ...t, produceRate: produce.get(t.name) ?? null })), groups };
  }
}
