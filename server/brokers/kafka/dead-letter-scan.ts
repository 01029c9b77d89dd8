import "server-only";
import type { Kafka } from "kafkajs";
import type { DeadLetterSettings, DeadLetterTopicDto } from "@/lib/kafka-dead-letters";
import { settleAll } from "../settle-all";
import type { AdminLink } from "./client";
import { deadLetterRules, matchedDltPattern, summarizeSample, type DeadLetterRules } from "./dead-letters";
import { RecordFetcher, type KafkaRecord } from "./fetch-records";
import { isInternalTopic, partitionOffsets } from "./map";

// GET .../dead-letters: topics named like DLTs, plus topics whose newest records carry
// dead-letter headers, each with its count, oldest record and top exceptions from a bounded
// sample. Every read is bounded, and so is a whole scan (records, bytes and time: a cluster may
// have hundreds of DLTs): a scan that runs out stops starting new reads and says how far it got,
// and the next one resumes after the last topic it read. Nothing joins a consumer group.

export interface DeadLetterScanOptions {
  /** Newest records read per DLT for the exception and origin summary. */
  sample?: number;
  /** Topics not named like DLTs whose newest records are probed for dead-letter headers. */
  probeTopics?: number;
  /** Partitions read per topic at most (sample and oldest). */
  maxPartitions?: number;
  concurrency?: number;
  /** Only topics this accepts are considered (e.g. a source's visible topics). */
  topicFilter?: (topic: string) => boolean;
  /** Redacted text of a read failure (kafkaErrorText with the source's secrets). */
  text?: (err: unknown) => string;
  /** What one scan may read in all; unbounded by default. */
  budget?: Partial<ScanBudget>;
  /** Start with the first candidate after this topic (wrapping around): where the last capped scan stopped. */
  resumeAfter?: string | null;
}

export interface ScanBudget {
  records: number;
  bytes: number;
  ms: number;
}

export type ScanLimit = "records" | "bytes" | "time";

export interface ScanProgress {
  /** Candidate topics (named like DLTs, then probed ones), in the order this scan took them. */
  candidates: string[];
  /** Those it read (a DLT or not), in order; a capped scan leaves the rest for the next one. */
  read: string[];
  records: number;
  bytes: number;
  ms: number;
  /** The budget that ended the scan before every candidate was read; null when none did. */
  stoppedBy: ScanLimit | null;
}

/** One scan's spending, shared by its concurrent reads. */
class Spent {
  records = 0;
  bytes = 0;
  private readonly started = Date.now();

  constructor(private readonly budget: ScanBudget) {}

  get ms(): number {
    return Date.now() - this.started;
  }

  add(records: readonly KafkaRecord[]): void {
    this.records += records.length;
    for (const r of records) this.bytes += r.bytes;
  }

  /** The budget that ran out, if one did. */
  over(): ScanLimit | null {
    if (this.records >= this.budget.records) return "records";
    if (this.bytes >= this.budget.bytes) return "bytes";
    if (this.ms >= this.budget.ms) return "time";
    return null;
  }
}

const SAMPLE_BYTES = 1024 * 1024;

async function readSample(kafka: Kafka, topic: string, size: number, maxPartitions: number, spent: Spent) {
  const fetcher = new RecordFetcher(kafka, topic);
  try {
    const parts = (await fetcher.partitions()).slice(0, maxPartitions);
    const [low, high] = await Promise.all([fetcher.offsets(parts, "earliest"), fetcher.offsets(parts, "latest")]);
    const withData = parts.filter((p) => (high.get(p) ?? 0) > (low.get(p) ?? 0));
    const each = Math.max(1, Math.ceil(size / Math.max(1, withData.length)));
    const sample: KafkaRecord[] = [];
    let oldest: number | null = null;
    for (const p of withData) {
      if (spent.over()) break; // a partial sample: `sampled` says how many records it holds
      const lo = low.get(p)!;
      const hi = high.get(p)!;
      const first = await fetcher.fetch(p, lo, { maxBytes: 64 * 1024, maxWaitMs: 0 });
      spent.add(first.records);
      const t = first.records[0]?.timestamp;
      if (t !== undefined && (oldest === null || t < oldest)) oldest = t;
      const tail = await fetcher.fetch(p, Math.max(lo, hi - each), { maxBytes: SAMPLE_BYTES, maxWaitMs: 0 });
      spent.add(tail.records);
      sample.push(...tail.records.filter((r) => r.offset < hi).slice(0, each));
    }
    return { sample: sample.slice(0, size), oldest };
  } finally {
    await fetcher.close();
  }
}

async function describeDlt(
  kafka: Kafka,
  link: AdminLink,
  topic: string,
  byName: boolean,
  rules: DeadLetterRules,
  opts: { sample: number; maxPartitions: number },
  spent: Spent,
): Promise<DeadLetterTopicDto | null> {
  const { sample, oldest } = await readSample(kafka, topic, byName ? opts.sample : Math.min(5, opts.sample), opts.maxPartitions, spent);
  const summary = summarizeSample(topic, sample, rules);
  if (!byName && !summary.hasDeadLetterHeaders) return null;
  const offsets = partitionOffsets(await link.topicOffsets(topic));
  return {
    topic,
    count: offsets.reduce((n, o) => n + Math.max(0, o.high - o.low), 0),
    oldest,
    origin: summary.origin,
    detectedBy: [...(byName ? (["name"] as const) : []), ...(summary.hasDeadLetterHeaders ? (["header"] as const) : [])],
    topExceptions: summary.topExceptions,
    topReasons: summary.topReasons,
    sampled: sample.length,
  };
}

/** Candidates starting after `resumeAfter` (wrapping around), so that capped scans take turns. */
function resumed<T extends { t: string }>(candidates: readonly T[], resumeAfter: string | null | undefined): T[] {
  const i = resumeAfter == null ? -1 : candidates.findIndex((c) => c.t === resumeAfter);
  return i < 0 ? [...candidates] : [...candidates.slice(i + 1), ...candidates.slice(0, i + 1)];
}

/** Dead-letter topics with their summaries, sorted by name; topics that fail to read are left out. */
export async function readDeadLetterTopics(
  kafka: Kafka,
  link: AdminLink,
  settings?: DeadLetterSettings,
  options: DeadLetterScanOptions = {},
): Promise<{ topics: DeadLetterTopicDto[]; problems: string[]; progress: ScanProgress }> {
  const opts = {
    sample: 200,
    probeTopics: 50,
    maxPartitions: 32,
    concurrency: 4,
    topicFilter: () => true,
    text: (err: unknown) => (err instanceof Error ? err.name : "read failed"),
    ...options,
  };
  const spent = new Spent({ records: Infinity, bytes: Infinity, ms: Infinity, ...options.budget });
  const rules = deadLetterRules(settings);
  const names = (await link.run((a) => a.listTopics())).filter((t) => !isInternalTopic(t) && opts.topicFilter(t)).sort();
  const named = names.filter((t) => matchedDltPattern(t, rules.namePatterns));
  const probed = names.filter((t) => !matchedDltPattern(t, rules.namePatterns)).slice(0, opts.probeTopics);
  const candidates = resumed([...named.map((t) => ({ t, byName: true })), ...probed.map((t) => ({ t, byName: false }))], opts.resumeAfter);
  let stoppedBy: ScanProgress["stoppedBy"] = null;
  const settled = await settleAll(candidates, opts.concurrency, async (c) => {
    stoppedBy ??= spent.over();
    if (stoppedBy) return "skipped" as const;
    return describeDlt(kafka, link, c.t, c.byName, rules, opts, spent);
  });
  const topics: DeadLetterTopicDto[] = [];
  const problems: string[] = [];
  const read: string[] = [];
  settled.forEach((r, i) => {
    if (r.status === "rejected") {
      problems.push(`dead-letter topic ${candidates[i]!.t}: ${opts.text(r.reason)}`);
      read.push(candidates[i]!.t);
    } else if (r.value !== "skipped") {
      read.push(candidates[i]!.t);
      if (r.value) topics.push(r.value);
    }
  });
  return {
    topics: topics.sort((a, b) => a.topic.localeCompare(b.topic)),
    problems,
    progress: { candidates: candidates.map((c) => c.t), read, records: spent.records, bytes: spent.bytes, ms: spent.ms, stoppedBy },
  };
}
