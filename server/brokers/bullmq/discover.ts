import "server-only";
import type IORedis from "ioredis";

export interface DiscoveryOptions {
  /** SCAN COUNT hint: keys Redis looks at per call. */
  count?: number;
  /** SCAN calls per tick; a keyspace larger than count * maxIterations takes several ticks. */
  maxIterations?: number;
}

export interface Discovered {
  names: string[];
  /** True when this tick finished a full pass over the keyspace. */
  complete: boolean;
  /** False until the first full pass: until then the list may miss queues. */
  settled: boolean;
}

/** SCAN treats * ? [ ] \ as glob syntax; a prefix is matched literally. */
export function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, "\\$&");
}

/**
 * Queue name from a `<prefix>:<name>:meta` key, or null. BullMQ forbids ':' in queue
 * names, so a longer middle part belongs to another prefix (e.g. "bull:other") or is
 * not a queue at all.
 */
export function queueNameOfMetaKey(key: string, prefix: string): string | null {
  const head = `${prefix}:`;
  const tail = ":meta";
  if (!key.startsWith(head) || !key.endsWith(tail) || key.length <= head.length + tail.length) return null;
  const name = key.slice(head.length, key.length - tail.length);
  return name.includes(":") ? null : name;
}

/**
 * Finds BullMQ queues under a prefix by their meta hash, with SCAN (never KEYS, which
 * blocks Redis for the whole keyspace). Each tick does at most `maxIterations` SCAN
 * calls and resumes from the saved cursor on the next tick.
 *
 * What is served: the queues of the last complete pass plus any found so far in the
 * pass under way, so a new queue shows up as soon as it is seen and a deleted one
 * disappears after the next complete pass.
 *
 * Limitation: a queue whose meta hash does not exist (written by BullMQ >= 2 when a
 * Queue is constructed) is not found; Bull 3 queues are not BullMQ queues.
 */
export class QueueDiscovery {
  private cursor = "0";
  private inPass = new Set<string>();
  private lastPass = new Set<string>();
  private settled = false;
  private readonly pattern: string;
  private readonly count: number;
  private readonly maxIterations: number;

  constructor(
    private readonly prefix: string,
    opts: DiscoveryOptions = {},
  ) {
    this.pattern = `${escapeGlob(prefix)}:*:meta`;
    this.count = opts.count ?? 1000;
    this.maxIterations = opts.maxIterations ?? 20;
  }

  async tick(redis: IORedis): Promise<Discovered> {
    for (let i = 0; i < this.maxIterations; i++) {
      const [next, keys] = await redis.scan(this.cursor, "MATCH", this.pattern, "COUNT", this.count);
      for (const key of keys) {
        const name = queueNameOfMetaKey(key, this.prefix);
        if (name !== null) this.inPass.add(name);
      }
      this.cursor = next;
      if (next === "0") {
        this.lastPass = this.inPass;
        this.inPass = new Set();
        this.settled = true;
        return { names: [...this.lastPass].sort(), complete: true, settled: true };
      }
    }
    const names = [...new Set([...this.lastPass, ...this.inPass])].sort();
    return { names, complete: false, settled: this.settled };
  }
}
