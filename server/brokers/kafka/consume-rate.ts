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

/** A group's committed offsets at one tick, in the order the broker listed them. */
export interface CommittedSample {
  at: number;
  parts: readonly { topic: string; partition: number; committed: number }[];
}

/**
 * offsetRate for committed offsets. The broker lists a group's partitions in the same order
 * tick after tick, so two samples are compared index by index without building a key per
 * partition (a tick of a large cluster has tens of thousands); otherwise by key.
 */
export function committedRate(prev: CommittedSample | null, cur: CommittedSample): number | null {
  if (!prev) return null;
  const seconds = (cur.at - prev.at) / 1000;
  if (!(seconds > 0)) return null;
  const a = prev.parts;
  const b = cur.parts;
  let aligned = a.length === b.length;
  for (let i = 0; aligned && i < b.length; i++) aligned = a[i]!.partition === b[i]!.partition && a[i]!.topic === b[i]!.topic;
  let before: (i: number) => number | undefined = (i) => a[i]!.committed;
  if (!aligned) {
    const byKey = new Map(a.map((p) => [partitionKey(p.topic, p.partition), p.committed]));
    before = (i) => byKey.get(partitionKey(b[i]!.topic, b[i]!.partition));
  }
  let moved = 0;
  let common = 0;
  for (let i = 0; i < b.length; i++) {
    const was = before(i);
    const now = b[i]!.committed;
    if (was === undefined || was < 0 || now < 0) continue;
    common++;
    if (now >= was) moved += now - was;
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
