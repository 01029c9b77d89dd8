import "server-only";
import type { BrowsedPartitionDto, KafkaMessageDto, MessageFilter } from "@/lib/kafka";
import { decodePayload } from "../payload";
import type { KafkaRecord } from "./fetch-records";

// Pure parts of the message browser (and of replay's filter): matching, decoding, and
// merging what several partitions read into one bounded page that says how far it got.

/** "name" matches a header of that name; "name=text" one whose value contains text. */
export function parseHeaderFilter(spec: string): { name: string; value?: string } {
  const eq = spec.indexOf("=");
  return eq < 0 ? { name: spec } : { name: spec.slice(0, eq), value: spec.slice(eq + 1) };
}

const contains = (buf: Buffer | null, text: string) => buf !== null && buf.toString("utf8").includes(text);

/** Substring matches on the UTF-8 text of the whole key / value / header (not the 64 KiB cut). */
export function matchesFilter(record: Pick<KafkaRecord, "key" | "value" | "headers">, q: MessageFilter | undefined): boolean {
  if (!q) return true;
  if (q.key !== undefined && !contains(record.key, q.key)) return false;
  if (q.value !== undefined && !contains(record.value, q.value)) return false;
  if (q.header !== undefined) {
    const h = parseHeaderFilter(q.header);
    const hit = record.headers.some(([name, v]) => name === h.name && (h.value === undefined || v.toString("utf8").includes(h.value)));
    if (!hit) return false;
  }
  return true;
}

export function messageDto(r: KafkaRecord): KafkaMessageDto {
  return {
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key === null ? null : decodePayload(r.key),
    value: r.value === null ? null : decodePayload(r.value),
    headers: r.headers.map(([name, value]) => ({ name, value: decodePayload(value) })),
  };
}

const byTime = (a: KafkaRecord, b: KafkaRecord) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset;

/**
 * One page out of what each partition matched, in time order: the `limit` oldest (or, for
 * `newest`, the `limit` newest). Each partition's range is narrowed to what the page shows, so
 * that the next page can start at `to` (or end at `from`) without skipping anything.
 */
export function mergePage(
  matched: readonly KafkaRecord[],
  ranges: readonly BrowsedPartitionDto[],
  limit: number,
  newest: boolean,
): { kept: KafkaRecord[]; partitions: BrowsedPartitionDto[] } {
  const sorted = [...matched].sort(byTime);
  if (!newest) {
    // Each partition's next page starts at the lowest offset left out. A record stamped earlier
    // than one before it in its partition could sit in the page above that offset: it is left
    // out too, to come once on the next page rather than twice.
    const cutAt = new Map<number, number>();
    for (const r of sorted.slice(limit)) cutAt.set(r.partition, Math.min(cutAt.get(r.partition) ?? Infinity, r.offset));
    const kept = sorted.slice(0, limit).filter((r) => r.offset < (cutAt.get(r.partition) ?? Infinity));
    return { kept, partitions: ranges.map((range) => (cutAt.has(range.partition) ? { ...range, to: cutAt.get(range.partition)! } : { ...range })) };
  }
  const kept = sorted.slice(Math.max(0, sorted.length - limit));
  const cut = sorted.slice(0, sorted.length - kept.length);
  const partitions = ranges.map((range) => {
    if (!cut.some((r) => r.partition === range.partition)) return { ...range };
    const keptHere = kept.filter((r) => r.partition === range.partition);
    return { ...range, from: keptHere.length ? Math.min(...keptHere.map((r) => r.offset)) : range.to };
  });
  return { kept, partitions };
}
