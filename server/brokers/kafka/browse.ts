import "server-only";
import type { Kafka } from "kafkajs";
import { BROWSE_LIMITS, type BrowseQuery, type BrowsedPartitionDto, type BrowseResultDto, type BrowseStop, type MessageFilter } from "@/lib/kafka";
import { encodeBrowseCursor } from "@/lib/kafka-cursor";
import { RecordFetcher, type KafkaRecord } from "./fetch-records";
import { DomainError } from "@/server/errors";
import { matchesFilter, mergePage, messageDto } from "./record-view";

// The message browser: one partition or all, from an offset, a timestamp, the newest N or the
// earliest, bounded by messages, bytes and milliseconds. Reads at exact offsets with no
// consumer group (fetch-records.ts), so nobody's committed offsets or assignments change.

export interface BrowseOptions {
  partition?: number;
  offset?: number;
  timestamp?: number;
  /** The newest N records of each partition read; the page keeps the newest `limit` of them. */
  newest?: number;
  /** Each partition's next offset (a previous page's `next`); a partition it lacks starts at its earliest. */
  after?: ReadonlyMap<number, number>;
  /** Messages returned (after the filter). */
  limit: number;
  q?: MessageFilter;
  /** Bytes (keys, values, headers) scanned at most. */
  maxBytes?: number;
  /** Wall-clock budget of the whole read. */
  maxMs?: number;
}

/** The API query (?partition=&offset=&timestamp=&newest=&limit=&q=&key=&header=) as browse options. */
export function browseOptionsOf(query: BrowseQuery): BrowseOptions {
  const { q, key, header, ...rest } = query;
  const filter = { ...(q ? { value: q } : {}), ...(key ? { key } : {}), ...(header ? { header } : {}) };
  return { ...rest, ...(Object.keys(filter).length ? { q: filter } : {}) };
}

/** One Fetch per partition and round: large enough to be quick, small enough to spread the byte budget. */
const CHUNK_BYTES = 1024 * 1024;

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

interface Cursor {
  range: BrowsedPartitionDto;
  matched: number;
  done: boolean;
}

async function startOffsets(fetcher: RecordFetcher, parts: number[], opts: BrowseOptions) {
  const [earliest, latest] = await Promise.all([fetcher.offsets(parts, "earliest"), fetcher.offsets(parts, "latest")]);
  const byTime = opts.timestamp !== undefined ? await fetcher.offsets(parts, { timestamp: opts.timestamp }) : null;
  return parts.map((partition) => {
    const lo = earliest.get(partition) ?? 0;
    const end = latest.get(partition) ?? lo;
    let from = lo;
    if (opts.after) from = clamp(opts.after.get(partition) ?? lo, lo, end);
    else if (opts.offset !== undefined) from = clamp(opts.offset, lo, end);
    else if (byTime) from = clamp(byTime.get(partition) ?? end, lo, end);
    else if (opts.newest !== undefined) from = Math.max(lo, end - opts.newest);
    return { partition, from, to: from, end };
  });
}

export async function browseTopic(kafka: Kafka, topic: string, opts: BrowseOptions): Promise<BrowseResultDto> {
  const started = Date.now();
  const limit = clamp(Math.floor(opts.limit), 1, BROWSE_LIMITS.maxMessages);
  const maxBytes = clamp(opts.maxBytes ?? BROWSE_LIMITS.defaultBytes, 1024, BROWSE_LIMITS.maxBytes);
  const deadline = started + clamp(opts.maxMs ?? BROWSE_LIMITS.defaultMs, 50, BROWSE_LIMITS.maxMs);
  const fetcher = new RecordFetcher(kafka, topic);
  try {
    const all = await fetcher.partitions();
    if (opts.partition !== undefined && !all.includes(opts.partition)) {
      throw new DomainError("invalid", `topic ${topic} has no partition ${opts.partition} (it has ${all.length})`);
    }
    const parts = opts.partition !== undefined ? [opts.partition] : all;
    const cursors: Cursor[] = (await startOffsets(fetcher, parts, opts)).map((range) => ({ range, matched: 0, done: range.from >= range.end }));
    // Newest: every partition reads its tail whole; otherwise each stops once it alone could fill the page.
    const perPartition = opts.newest !== undefined ? Number.MAX_SAFE_INTEGER : limit;
    const matched: KafkaRecord[] = [];
    let scanned = 0;
    let bytes = 0;
    let bound: BrowseStop | null = null;

    while (!bound && cursors.some((c) => !c.done)) {
      for (const c of cursors) {
        if (c.done || bound) continue;
        if (Date.now() >= deadline) bound = "time";
        else if (bytes >= maxBytes) bound = "bytes";
        if (bound) break;
        const r = c.range;
        const fetched = await fetcher.fetch(r.partition, r.to, { maxBytes: Math.min(CHUNK_BYTES, maxBytes - bytes), maxWaitMs: 0 });
        let stoppedEarly = false;
        for (const rec of fetched.records) {
          if (rec.offset >= r.end) break;
          scanned++;
          bytes += rec.bytes;
          r.to = rec.offset + 1;
          if (matchesFilter(rec, opts.q)) {
            matched.push(rec);
            c.matched++;
          }
          if (c.matched >= perPartition || bytes >= maxBytes) {
            stoppedEarly = true;
            break;
          }
        }
        if (!stoppedEarly) {
          const next = Math.min(fetched.next, r.end);
          // No progress: the rest is not readable yet (an open transaction holds the stable offset).
          if (next <= r.to && fetched.records.length === 0) c.done = true;
          r.to = Math.max(r.to, next);
        }
        if (r.to >= r.end || c.matched >= perPartition) c.done = true;
      }
    }

    const page = mergePage(matched, cursors.map((c) => c.range), limit, opts.newest !== undefined);
    const atEnd = page.partitions.every((p) => p.to >= p.end);
    const stoppedBy: BrowseStop = atEnd ? "end" : bound ?? "limit";
    // A newest read pages nowhere: its page is the tail, cut from below.
    const next = atEnd || opts.newest !== undefined ? null : encodeBrowseCursor(page.partitions);
    return { messages: page.kept.map(messageDto), scanned, partitions: page.partitions, stoppedBy, next };
  } finally {
    await fetcher.close();
  }
}
