// Rates of a consumer group between two collector samples, and the time its lag takes to drain.
// Pure: the collector keeps the previous sample. Offsets only grow, except when someone resets a
// group or deletes and recreates a topic: such a partition says nothing about a rate and is left
// out rather than turned into a negative or huge one.

/** "topic\0partition" -> offset (committed offsets for consume rate, end offsets for produce rate). */
export type OffsetsByPartition = ReadonlyMap<string, number>;

export interface OffsetSample {
  /** When the offsets were read (ms). */
  at: number;
  offsets: OffsetsByPartition;
}

export const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * Messages per second over the partitions present in both samples. A partition seen for the
 * first time (its first commit may jump from nothing to millions) or moved backwards (reset)
 * is skipped. null when there is no interval or no partition in common.
 */
export function offsetRate(prev: OffsetSample | null, cur: OffsetSample): number | null {
  if (!prev) return null;
  const seconds = (cur.at - prev.at) / 1000;
  if (!(seconds > 0)) return null;
  let moved = 0;
  let common = 0;
  for (const [key, now] of cur.offsets) {
    const before = prev.offsets.get(key);
    if (before === undefined || before < 0 || now < 0) continue;
    common++;
    if (now >= before) moved += now - before;
  }
  return common === 0 ? null : moved / seconds;
}

/** From totals only (e.g. two stored points): null when the total went down or no time passed. */
export function rateFromTotals(prevTotal: number, curTotal: number, intervalMs: number): number | null {
  if (!(intervalMs > 0) || curTotal < prevTotal) return null;
  return (curTotal - prevTotal) / (intervalMs / 1000);
}

/**
 * Seconds until the lag is consumed at the current rates: lag / (consume - produce).
 * 0 without lag; null when the group does not gain on its producers (or a rate is unknown).
 */
export function timeToDrain(lag: number, consumeRate: number | null, produceRate: number | null): number | null {
  if (lag <= 0) return 0;
  if (consumeRate === null || produceRate === null) return null;
  const net = consumeRate - produceRate;
  return net > 0 ? lag / net : null;
}
