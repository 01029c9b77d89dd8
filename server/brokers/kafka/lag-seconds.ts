import "server-only";
import { peekKey, type PeekLimits, type RawCluster } from "./internal-cluster";

// Lag in seconds: now minus the timestamp of the record at the committed offset, i.e. how old
// the oldest message the group has not consumed yet is. One record per lagging partition,
// read with a group-free Fetch (internal-cluster.ts). A record's timestamp never changes, so it is
// cached by (topic, partition, offset): a partition whose committed offset did not move costs
// nothing on the next tick, and partitions beyond this call's budget are read on later ticks.

export interface LagClockOptions extends PeekLimits {
  /** Partitions read per call (a collector tick, a group page): the rest wait for later calls. */
  maxPartitionsPerCall: number;
  /** Cached timestamps kept (least recently used dropped first). */
  cacheEntries: number;
}

export const DEFAULT_LAG_CLOCK: LagClockOptions = {
  maxPartitionsPerCall: 200,
  maxBytesPerPartition: 16 * 1024,
  maxBytes: 1024 * 1024,
  timeoutMs: 3000,
  cacheEntries: 50_000,
};

export interface LaggingPartition {
  topic: string;
  partition: number;
  /** Committed offset (next to read); null when none. */
  committed: number | null;
  /** Log end offset; null when unknown. */
  end: number | null;
  /** Log start offset: a commit older than retention is aged by the oldest record left. */
  low?: number | null;
}

export interface LagClockStats {
  /** Partitions answered from the cache / by a Fetch / left for a later call, since creation. */
  cached: number;
  fetched: number;
  deferred: number;
  /** Last failure of a read (already redacted by the caller's `text`), cleared by a success. */
  lastError: string | null;
}

/** Owned by the collector across ticks (one per Kafka source); the group page can share it. */
export class LagClock {
  private readonly cache = new Map<string, number>();
  readonly stats: LagClockStats = { cached: 0, fetched: 0, deferred: 0, lastError: null };
  private readonly opts: LagClockOptions;

  constructor(
    private readonly raw: RawCluster,
    opts: Partial<LagClockOptions> = {},
    private readonly text: (err: unknown) => string = (err) => (err instanceof Error ? err.message : String(err)),
  ) {
    this.opts = { ...DEFAULT_LAG_CLOCK, ...opts };
  }

  /**
   * Lag in seconds per partition, same order as `parts`: 0 when not lagging, null when unknown
   * (no commit, no end offset, over this call's budget, or the read failed). Never throws.
   */
  async lagSeconds(parts: readonly LaggingPartition[], now = Date.now()): Promise<(number | null)[]> {
    const offsets = parts.map((p) => {
      if (p.committed === null || p.end === null) return null;
      if (p.end <= p.committed) return -1; // not lagging
      return Math.max(p.committed, p.low ?? 0);
    });
    const missing: { topic: string; partition: number; offset: number }[] = [];
    const seen = new Set<string>();
    parts.forEach((p, i) => {
      const offset = offsets[i];
      if (offset === null || offset === undefined || offset < 0) return;
      const key = peekKey(p.topic, p.partition, offset);
      if (this.cache.has(key) || seen.has(key)) return;
      seen.add(key);
      missing.push({ topic: p.topic, partition: p.partition, offset });
    });
    const wanted = missing.slice(0, this.opts.maxPartitionsPerCall);
    const wantedKeys = new Set(wanted.map((w) => peekKey(w.topic, w.partition, w.offset)));
    this.stats.deferred += missing.length - wanted.length;
    if (wanted.length > 0) {
      try {
        const read = await this.raw.peek(wanted, this.opts);
        for (const [key, ts] of read) this.remember(key, ts);
        this.stats.fetched += wanted.length;
        this.stats.lastError = null;
      } catch (err) {
        this.stats.lastError = this.text(err);
      }
    }
    return parts.map((p, i) => {
      const offset = offsets[i];
      if (offset === null || offset === undefined) return null;
      if (offset < 0) return 0;
      const key = peekKey(p.topic, p.partition, offset);
      const ts = this.cache.get(key);
      if (ts === undefined) return null;
      if (!wantedKeys.has(key)) {
        this.stats.cached++;
        this.touch(key, ts);
      }
      // A producer's clock ahead of ours would give a negative age.
      return Math.max(0, Math.round(now - ts) / 1000);
    });
  }

  /** Timestamps cached now (for tests and the bench). */
  get size(): number {
    return this.cache.size;
  }

  private touch(key: string, ts: number): void {
    this.cache.delete(key);
    this.cache.set(key, ts);
  }

  private remember(key: string, ts: number): void {
    this.touch(key, ts);
    while (this.cache.size > this.opts.cacheEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  close(): Promise<void> {
    return this.raw.close();
  }
}
