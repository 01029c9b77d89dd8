import "server-only";
import type { Kafka, Message, Producer } from "kafkajs";
import { type MessageFilter } from "@/lib/kafka";
import { KAFKA_REPLAY_DEFAULT_MAX, KAFKA_REPLAY_IN_FLIGHT_WINDOW, type ReplayBound } from "@/lib/kafka-dead-letters";
import { TokenBucket } from "../rabbitmq/token-bucket";
import { deadLetterRules, exceptionSignatureOf, originOf, type DeadLetterRules } from "./dead-letters";
import { RecordFetcher, type KafkaRecord } from "./fetch-records";
import { ACKS_ALL, createQueueDeckProducer, topicPartitionIds } from "./produce";
import { DomainError } from "@/server/errors";
import { matchesFilter } from "./record-view";
import { ReplayCheckpoint } from "./replay-checkpoint";
import { replayCheckpointGroup, replayCountOf, replayHeaders, replayRanges, type PartitionRange } from "./replay-records";

// Dead letters copied back to their origin topic (or a chosen one), at least once: records
// are produced in batches with acks=all, and the checkpoint (replay-checkpoint.ts) moves past a
// batch only after the broker acknowledged it. A kill -9 at any point loses nothing and a
// rerun resumes at the checkpoint; only the last unacknowledged batch can be sent twice.

/** Records produced and not yet checkpointed at most: what a crash can duplicate. */
export const REPLAY_IN_FLIGHT_WINDOW = KAFKA_REPLAY_IN_FLIGHT_WINDOW;
/** A partial batch is flushed (and checkpointed) after this long, so slow rates still make progress. */
const FLUSH_AFTER_MS = 200;
const CHUNK_BYTES = 1024 * 1024;
/** Distinct origin topics one replay sends to at most; records naming more count as failed. */
const MAX_TARGETS = 100;

export interface KafkaReplayRequest {
  /** The dead-letter topic. */
  topic: string;
  target?: string;
  partition?: number;
  from?: ReplayBound;
  to?: ReplayBound;
  q?: MessageFilter;
  /** Only records whose exception header has this error signature. */
  signature?: string;
  ratePerSecond?: number;
  /** Records whose replay count already exceeds this are skipped (loop guard). */
  maxReplays?: number;
  /** Ignore an earlier run's checkpoint. */
  restart?: boolean;
  /** Origin headers and name patterns (per source); defaults otherwise. */
  rules?: DeadLetterRules;
}

export interface ReplaySink {
  update(p: { done?: number; total?: number; failed?: number; skipped?: number }): void;
  readonly signal: AbortSignal;
}

export interface KafkaReplayReport {
  replayed: number;
  /** Loop guard: already replayed more than maxReplays times. */
  skipped: number;
  /** Not matching the filter. */
  filtered: number;
  /** No origin to send to (no header, no name mapping, unknown topic, or the DLT itself). */
  failed: number;
  cancelled: boolean;
  /** Copies sent per target topic. */
  targets: Record<string, number>;
}

export interface PreparedKafkaReplay {
  checkpointGroup: string;
  /** Records in range that this run will examine (after the checkpoint). */
  total: number;
  ranges: PartitionRange[];
  /** What the UI must say about duplicates and resuming. */
  note: string;
  run(sink: ReplaySink): Promise<KafkaReplayReport>;
}

export const replayNote = (group: string) =>
  `At least once: progress is saved in the consumer group ${group} only after Kafka acknowledged the copies, ` +
  `so stopping or killing QueueDeck loses nothing and running the same replay again resumes where it stopped. ` +
  `A crash may send up to ${REPLAY_IN_FLIGHT_WINDOW} records twice. The dead-letter topic itself is not changed.`;

async function boundOffsets(fetcher: RecordFetcher, parts: number[], bound?: ReplayBound): Promise<Map<number, number> | undefined> {
  if (!bound) return undefined;
  if ("offset" in bound) return new Map(parts.map((p) => [p, bound.offset]));
  return fetcher.offsets(parts, { timestamp: bound.timestamp });
}

/** Checks the request and computes the range; `run` does the copying. */
export async function prepareKafkaReplay(kafka: Kafka, req: KafkaReplayRequest): Promise<PreparedKafkaReplay> {
  if (req.target === req.topic) throw new DomainError("invalid", `cannot replay ${req.topic} into itself`);
  if (req.target) await topicPartitionIds(kafka, req.target);
  const group = replayCheckpointGroup(req);
  const fetcher = new RecordFetcher(kafka, req.topic);
  const checkpoint = new ReplayCheckpoint(kafka, group, req.topic);
  try {
    const all = await fetcher.partitions();
    if (req.partition !== undefined && !all.includes(req.partition)) {
      throw new DomainError("invalid", `topic ${req.topic} has no partition ${req.partition}`);
    }
    const parts = req.partition !== undefined ? [req.partition] : all;
    const [low, high, from, to, saved] = await Promise.all([
      fetcher.offsets(parts, "earliest"),
      fetcher.offsets(parts, "latest"),
      boundOffsets(fetcher, parts, req.from),
      boundOffsets(fetcher, parts, req.to),
      req.restart ? Promise.resolve(new Map<number, number>()) : checkpoint.read(parts),
    ]);
    const ranges = replayRanges(parts, low, high, { ...(from ? { from } : {}), ...(to ? { to } : {}) }, saved);
    const total = ranges.reduce((n, r) => n + (r.end - r.start), 0);
    return { checkpointGroup: group, total, ranges, note: replayNote(group), run: (sink) => runReplay(kafka, req, group, ranges, total, sink) };
  } finally {
    await Promise.all([fetcher.close(), checkpoint.close()]);
  }
}

/** prepare + run in one call. */
export async function replayTopic(kafka: Kafka, req: KafkaReplayRequest, sink: ReplaySink): Promise<KafkaReplayReport> {
  return (await prepareKafkaReplay(kafka, req)).run(sink);
}

async function runReplay(
  kafka: Kafka,
  req: KafkaReplayRequest,
  group: string,
  ranges: readonly PartitionRange[],
  total: number,
  sink: ReplaySink,
): Promise<KafkaReplayReport> {
  const rules = req.rules ?? deadLetterRules();
  const maxReplays = req.maxReplays ?? KAFKA_REPLAY_DEFAULT_MAX;
  const bucket = req.ratePerSecond ? new TokenBucket(req.ratePerSecond) : null;
  const report: KafkaReplayReport = { replayed: 0, skipped: 0, filtered: 0, failed: 0, cancelled: false, targets: {} };
  const fetcher = new RecordFetcher(kafka, req.topic);
  const checkpoint = new ReplayCheckpoint(kafka, group, req.topic);
  const producer: Producer = createQueueDeckProducer(kafka);
  const known = new Map<string, Promise<boolean>>();
  // Each new origin costs a metadata lookup: garbage origin headers must not cost thousands.
  const exists = (topic: string) => {
    if (!known.has(topic)) {
      if (known.size >= MAX_TARGETS) return Promise.resolve(false);
      known.set(topic, topicPartitionIds(kafka, topic).then(() => true, () => false));
    }
    return known.get(topic)!;
  };
  const show = () =>
    sink.update({ done: report.replayed, total, failed: report.failed, skipped: report.skipped + report.filtered });
  sink.update({ total });
  try {
    await producer.connect();
    for (const range of ranges) {
      let pos = range.start;
      let saved = range.checkpoint ?? -1;
      let batch: { topic: string; message: Message }[] = [];
      let batchStarted = 0;
      const flush = async () => {
        if (batch.length > 0) {
          const byTopic = new Map<string, Message[]>();
          for (const b of batch) byTopic.set(b.topic, [...(byTopic.get(b.topic) ?? []), b.message]);
          await producer.sendBatch({ acks: ACKS_ALL, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
          for (const [topic, messages] of byTopic) report.targets[topic] = (report.targets[topic] ?? 0) + messages.length;
          report.replayed += batch.length;
          batch = [];
        }
        // Only now, with every copy acknowledged, may the checkpoint move past them.
        if (pos > saved) {
          await checkpoint.commit(range.partition, pos);
          saved = pos;
        }
        show();
      };
      const decide = async (rec: KafkaRecord) => {
        if (!matchesFilter(rec, req.q)) return void report.filtered++;
        if (req.signature !== undefined && exceptionSignatureOf(rec.headers, rules) !== req.signature) return void report.filtered++;
        const count = replayCountOf(rec.headers);
        if (count > maxReplays) return void report.skipped++;
        const target = req.target ?? originOf(req.topic, rec.headers, rules);
        if (!target || target === req.topic || !(await exists(target))) return void report.failed++;
        await bucket?.take(sink.signal);
        if (sink.signal.aborted) return "stop" as const;
        if (batch.length === 0) batchStarted = Date.now();
        batch.push({
          topic: target,
          message: { key: rec.key, value: rec.value, headers: replayHeaders(rec.headers, count + 1, `${req.topic}/${rec.partition}/${rec.offset}`) },
        });
      };
      reading: while (pos < range.end && !sink.signal.aborted) {
        const fetched = await fetcher.fetch(range.partition, pos, { maxBytes: CHUNK_BYTES, maxWaitMs: 0 });
        for (const rec of fetched.records) {
          if (rec.offset >= range.end) break;
          if ((await decide(rec)) === "stop") break reading;
          pos = rec.offset + 1;
          if (batch.length >= REPLAY_IN_FLIGHT_WINDOW || (batch.length > 0 && Date.now() - batchStarted >= FLUSH_AFTER_MS)) await flush();
        }
        const next = Math.min(fetched.next, range.end);
        if (fetched.records.length === 0 && next <= pos) break; // nothing readable yet (open transaction)
        pos = Math.max(pos, next);
        await flush();
      }
      await flush();
      if (sink.signal.aborted) break;
    }
    report.cancelled = sink.signal.aborted;
    return report;
  } finally {
    await Promise.all([producer.disconnect().catch(() => undefined), fetcher.close(), checkpoint.close()]);
  }
}
