// Timestamps of records by (topic, partition, offset) for lag in seconds (lag-seconds.ts). A
// collector tick of a large cluster looks up tens of thousands of committed partitions, so the
// lookups build no keys (nested maps, numbers as keys) and the bound costs nothing per hit: two
// generations, the young one moved to old when full and the old one dropped, so an entry not
// looked up for a generation goes first. Pure.

type Nested = Map<string, Map<number, Map<number, number>>>;

function find(m: Nested, topic: string, partition: number, offset: number): number | undefined {
  return m.get(topic)?.get(partition)?.get(offset);
}

export class RecordTimes {
  private young: Nested = new Map();
  private old: Nested = new Map();
  private youngSize = 0;
  private oldSize = 0;

  /** Holds at most `capacity` entries (an entry promoted from the old generation counts twice until that one is dropped). */
  constructor(private readonly capacity: number) {}

  get(topic: string, partition: number, offset: number): number | undefined {
    const young = find(this.young, topic, partition, offset);
    if (young !== undefined) return young;
    const old = find(this.old, topic, partition, offset);
    if (old !== undefined) this.set(topic, partition, offset, old);
    return old;
  }

  set(topic: string, partition: number, offset: number, timestamp: number): void {
    let partitions = this.young.get(topic);
    if (!partitions) this.young.set(topic, (partitions = new Map()));
    let offsets = partitions.get(partition);
    if (!offsets) partitions.set(partition, (offsets = new Map()));
    if (!offsets.has(offset)) this.youngSize++;
    offsets.set(offset, timestamp);
    if (this.youngSize >= Math.max(1, Math.floor(this.capacity / 2))) {
      this.old = this.young;
      this.oldSize = this.youngSize;
      this.young = new Map();
      this.youngSize = 0;
    }
  }

  get size(): number {
    return this.youngSize + this.oldSize;
  }
}
