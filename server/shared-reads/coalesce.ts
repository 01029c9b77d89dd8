/** How long tabs share one live read unless QUEUEDECK_LIVE_READ_TTL_MS says otherwise. */
export const LIVE_READ_SHARE_MS = 2000;

/**
 * Shares one broker read among every caller asking for the same key within `ttlMs`: many browser
 * tabs polling one queue page cost the broker one read per `ttlMs`, not one per tab. Callers that
 * arrive while a read is in flight wait for it; failures are shared but never kept.
 */
export class Coalescer<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();
  private sweptAt = 0;

  constructor(
    private readonly ttlMs: number,
    /** Past this many keys, expired ones are swept (keys come from request paths). */
    private readonly maxKeys = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    // Expired answers are let go soon (they may hold large job payloads), not only when full.
    if (this.entries.size >= this.maxKeys || t - this.sweptAt >= this.ttlMs) this.sweep(t);
    const value = read();
    const entry = { at: t, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Drops every key starting with `prefix` (an action changed what they read), in flight or not. */
  forgetPrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  private sweep(t: number): void {
    this.sweptAt = t;
    for (const [k, e] of this.entries) if (t - e.at >= this.ttlMs) this.entries.delete(k);
    // Still full of fresh keys (a flood of distinct ids): drop the oldest half.
    if (this.entries.size >= this.maxKeys) {
      const keys = [...this.entries.keys()];
      for (const k of keys.slice(0, Math.ceil(keys.length / 2))) this.entries.delete(k);
    }
  }
}
