import "server-only";
import { peekKey, type PeekLimits, type PeekRequest, type RawCluster } from "./internal-cluster";
import { RecordTimes } from "./record-times";

// Lag in seconds: now minus the timestamp of the record at the committed offset, i.e. how old
// the oldest message the group has not consumed yet is. One record per lagging partition,
// read with a group-free Fetch (internal-cluster.ts). A record's timestamp never changes, so it is
// cached by (topic, partition, offset): a partition whose committed offset did not move costs
// nothing on the next tick, and partitions beyond this call's budget are read on later ticks.
// A collector tick waits for the reads only briefly (tick-rates.ts): a slow read finishes in the
// background and serves the next tick, so a cold cache never holds a tick up.

export interface LagClockOptions extends PeekLimits {
  /** Partitions read per call (a collector tick, a group page): the rest wait for later calls. */
  maxPartitionsPerCall: number;
  /** Cached timestamps kept (those not looked up for a while dropped first: record-times.ts). */
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

/** Waits for `p` at most `ms`; `p` goes on (and must not reject). */
async function within(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Owned by the collector across ticks (one per Kafka source); the group page can share it. */
export class LagClock {
  private readonly times: RecordTimes;
  /** The read in flight, if any: a call that stopped waiting for it leaves it to fill the cache. */
  private reading: Promise<void> | null = null;
  readonly stats: LagClockStats = { cached: 0, fetched: 0, deferred: 0, lastError: null };
  private readonly opts: LagClockOptions;

  constructor(
    private readonly raw: RawCluster,
    opts: Partial<LagClockOptions> = {},
    private readonly text: (err: unknown) => string = (err) => (err instanceof Error ? err.message : String(err)),
  ) {
    this.opts = { ...DEFAULT_LAG_CLOCK, ...opts };
    this.times = new RecordTimes(this.opts.cacheEntries);
  }

  /**
   * Lag in seconds per partition, same order as `parts`: 0 when not lagging, null when unknown
   * (no commit, no end offset, over this call's budget, not read within `waitMs`, or the read
   * failed). Waits for record reads at most `waitMs` (the whole read by default); what arrives
   * later is cached for the next call. One read at a time: a call first waits for one in flight
   * (another call's), then reads what is still missing. Never throws.
   */
  async lagSeconds(parts: readonly LaggingPartition[], now = Date.now(), waitMs = this.opts.timeoutMs): Promise<(number | null)[]> {
    const age = (ts: number) => Math.max(0, Math.round(now - ts) / 1000); // a producer clock ahead of ours: 0
    const out: (number | null)[] = new Array(parts.length).fill(null);
    const unresolved: { i: number; offset: number }[] = [];
    const missing: PeekRequest[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.committed === null || p.end === null) continue;
      if (p.end <= p.committed) {
        out[i] = 0;
        continue;
      }
      const offset = Math.max(p.committed, p.low ?? 0);
      const ts = this.times.get(p.topic, p.partition, offset);
      if (ts !== undefined) {
        this.stats.cached++;
        out[i] = age(ts);
        continue;
      }
      unresolved.push({ i, offset });
      const key = peekKey(p.topic, p.partition, offset);
      if (seen.has(key)) continue;
      seen.add(key);
      missing.push({ topic: p.topic, partition: p.partition, offset });
    }
    if (missing.length === 0) return out;
    const until = Date.now() + waitMs;
    // Another call's read may bring some of them: wait for it first (within the same budget).
    if (this.reading) await within(this.reading, waitMs);
    const left = missing.filter((m) => this.times.get(m.topic, m.partition, m.offset) === undefined);
    const wanted = this.reading ? [] : left.slice(0, this.opts.maxPartitionsPerCall);
    this.stats.deferred += left.length - wanted.length;
    if (wanted.length > 0) {
      const reading = this.read(wanted).finally(() => {
        if (this.reading === reading) this.reading = null;
      });
      this.reading = reading;
      await within(reading, Math.max(0, until - Date.now()));
    }
    for (const { i, offset } of unresolved) {
      const p = parts[i]!;
      const ts = this.times.get(p.topic, p.partition, offset);
      if (ts !== undefined) out[i] = age(ts);
    }
    return out;
  }

  /** Reads the records' timestamps into the cache; never rejects. */
  private async read(wanted: readonly PeekRequest[]): Promise<void> {
    try {
      const read = await this.raw.peek(wanted, this.opts);
      for (const w of wanted) {
        const ts = read.get(peekKey(w.topic, w.partition, w.offset));
        if (ts !== undefined) this.times.set(w.topic, w.partition, w.offset, ts);
      }
      this.stats.fetched += wanted.length;
      this.stats.lastError = null;
    } catch (err) {
      this.stats.lastError = this.text(err);
    }
  }

  /** Resolves when no read is in flight (for tests and the bench). */
  async settled(): Promise<void> {
    while (this.reading) await this.reading;
  }

  /** Timestamps cached now (for tests and the bench). */
  get size(): number {
    return this.times.size;
  }

  close(): Promise<void> {
    return this.raw.close();
  }
}
