import "server-only";
import crypto from "node:crypto";
import type { IHeaders } from "kafkajs";
import { type MessageFilter } from "@/lib/kafka";
import { KAFKA_REPLAY_COUNT_HEADER, KAFKA_REPLAY_SOURCE_HEADER, type ReplayBound } from "@/lib/kafka-dead-letters";

// Pure parts of a dead-letter replay: the loop-guard count, the headers a copy carries, the
// range per partition, and the name of the group that keeps a replay's checkpoint.

/** How often a record was replayed already (its replay-count header; 0 without one or when unreadable). */
export function replayCountOf(headers: readonly (readonly [string, Buffer])[]): number {
  const raw = headers.find(([name]) => name === KAFKA_REPLAY_COUNT_HEADER)?.[1].toString("utf8");
  const n = raw === undefined ? 0 : Number.parseInt(raw, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * The copy's headers: all of the dead letter's, in order and with repeats, plus the replay count
 * (one more than before) and where the copy came from ("topic/partition/offset").
 */
export function replayHeaders(headers: readonly (readonly [string, Buffer])[], count: number, source: string): IHeaders {
  const out: Record<string, Buffer[]> = {};
  for (const [name, value] of headers) {
    if (name === KAFKA_REPLAY_COUNT_HEADER || name === KAFKA_REPLAY_SOURCE_HEADER) continue;
    (out[name] ??= []).push(value);
  }
  const flat: IHeaders = {};
  for (const [name, values] of Object.entries(out)) flat[name] = values.length === 1 ? values[0]! : values;
  flat[KAFKA_REPLAY_COUNT_HEADER] = String(count);
  flat[KAFKA_REPLAY_SOURCE_HEADER] = source;
  return flat;
}

/** What decides which records a replay takes: two runs with the same selection share a checkpoint. */
export interface ReplaySelection {
  topic: string;
  target?: string;
  partition?: number;
  from?: ReplayBound;
  to?: ReplayBound;
  q?: MessageFilter;
  signature?: string;
}

/**
 * The QueueDeck-owned group that keeps a replay's progress: `queuedeck-replay.<dlt>` for
 * "everything back to its origin", with a short hash of the selection otherwise, so that a
 * different range or filter starts from its own beginning instead of an unrelated checkpoint.
 */
export function replayCheckpointGroup(s: ReplaySelection): string {
  const base = `queuedeck-replay.${s.topic}`;
  const selection = { target: s.target, partition: s.partition, from: s.from, to: s.to, q: s.q, signature: s.signature };
  if (Object.values(selection).every((v) => v === undefined)) return base;
  const hash = crypto.createHash("sha256").update(JSON.stringify(selection)).digest("hex").slice(0, 12);
  return `${base}.${hash}`;
}

export interface PartitionRange {
  partition: number;
  /** First offset to replay (after any checkpoint). */
  start: number;
  /** Exclusive. */
  end: number;
  /** Where an earlier run of the same replay had stopped, if anywhere. */
  checkpoint: number | null;
}

/**
 * Per partition: from the later of `from` and the checkpoint, up to `to` (exclusive), within
 * the retained log [low, high). `byTime` maps a timestamp bound to the first offset at or after it.
 */
export function replayRanges(
  partitions: readonly number[],
  low: ReadonlyMap<number, number>,
  high: ReadonlyMap<number, number>,
  bounds: { from?: ReadonlyMap<number, number>; to?: ReadonlyMap<number, number> },
  checkpoint: ReadonlyMap<number, number>,
): PartitionRange[] {
  return partitions.map((partition) => {
    const lo = low.get(partition) ?? 0;
    const hi = high.get(partition) ?? lo;
    const from = Math.max(lo, bounds.from?.get(partition) ?? lo);
    const end = Math.min(hi, bounds.to?.get(partition) ?? hi);
    const saved = checkpoint.get(partition);
    const start = Math.min(Math.max(from, saved ?? from), Math.max(from, end));
    return { partition, start, end: Math.max(start, end), checkpoint: saved ?? null };
  });
}
