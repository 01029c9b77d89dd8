/**
 * A bounded map of long-lived links (one per key), least recently used first. Links that are
 * leased (a channel or a running replay uses them) are never closed under their user; the
 * others are closed when the map holds more than `max` or when unused for `idleMs`.
 * Pure logic: the clock and the closing are given, so it is tested without a broker.
 */
export interface LinkPoolOptions<V> {
  max: number;
  idleMs: number;
  create(key: string): V;
  dispose(value: V): void;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  leases: number;
  lastUsed: number;
}

export interface Lease<V> {
  value: V;
  /** Ends this use; the link stays for the next caller (until idle or evicted). Idempotent. */
  release(): void;
}

export class LinkPool<V> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  private readonly entries = new Map<string, Entry<V>>();
  private readonly now: () => number;

  constructor(private readonly opts: LinkPoolOptions<V>) {
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  acquire(key: string): Lease<V> {
    this.sweep();
    let entry = this.entries.get(key);
    if (entry) this.entries.delete(key);
    else entry = { value: this.opts.create(key), leases: 0, lastUsed: 0 };
    entry.leases++;
    entry.lastUsed = this.now();
    this.entries.set(key, entry);
    this.trim();
    const held = entry;
    let released = false;
    return {
      value: held.value,
      release: () => {
        if (released) return;
        released = true;
        held.leases--;
        held.lastUsed = this.now();
        this.trim();
      },
    };
  }

  /** Closes and forgets the link of `key` if it is still `value` (a link that failed to open). */
  drop(key: string, value: V): void {
    const entry = this.entries.get(key);
    if (entry?.value !== value) return;
    this.entries.delete(key);
    this.opts.dispose(value);
  }

  /** Closes links nobody used for idleMs. */
  sweep(): void {
    const cutoff = this.now() - this.opts.idleMs;
    for (const [key, e] of this.entries) {
      if (e.leases === 0 && e.lastUsed <= cutoff) this.remove(key, e);
    }
  }

  /** Closes every link; for shutdown. */
  clear(): V[] {
    const values = [...this.entries.values()].map((e) => e.value);
    this.entries.clear();
    return values;
  }

  /** Over the bound, the least recently used idle links go; leased ones wait for their release. */
  private trim(): void {
    if (this.entries.size <= this.opts.max) return;
    for (const [key, e] of this.entries) {
      if (this.entries.size <= this.opts.max) return;
      if (e.leases === 0) this.remove(key, e);
    }
  }

  private remove(key: string, e: Entry<V>): void {
    this.entries.delete(key);
    this.opts.dispose(e.value);
  }
}
