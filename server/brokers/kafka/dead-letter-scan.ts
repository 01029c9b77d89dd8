import "server-only";
import type { Kafka } from "kafkajs";
import type { DeadLetterSettings, DeadLetterTopicDto } from "@/lib/kafka";
import { settleAll } from "../settle-all";
import type { AdminLink } from "./client";
import { deadLetterRules, matchedDltPattern, summarizeSample, type DeadLetterRules } from "./dead-letters";
import { RecordFetcher, type KafkaRecord } from "./fetch-records";
import { isInternalTopic, partitionOffsets } from "./map";

// GET .../dead-letters: topics named like DLTs, plus topics whose newest records carry
// dead-letter headers, each with its count, oldest record and top exceptions from a bounded
// sample. Every read is bounded; nothing joins a consumer group.

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
}

const SAMPLE_BYTES = 1024 * 1024;

async function readSample(kafka: Kafka, topic: string, size: number, maxPartitions: number) {
  const fetcher = new RecordFetcher(kafka, topic);
  try {
    const parts = (await fetcher.partitions()).slice(0, maxPartitions);
    const [low, high] = await Promise.all([fetcher.offsets(parts, "earliest"), fetcher.offsets(parts, "latest")]);
    const withData = parts.filter((p) => (high.get(p) ?? 0) > (low.get(p) ?? 0));
    const each = Math.max(1, Math.ceil(size / Math.max(1, withData.length)));
    const sample: KafkaRecord[] = [];
    let oldest: number | null = null;
    for (const p of withData) {
      const lo = low.get(p)!;
      const hi = high.get(p)!;
      const first = await fetcher.fetch(p, lo, { maxBytes: 64 * 1024, maxWaitMs: 0 });
      const t = first.records[0]?.timestamp;
      if (t !== undefined && (oldest === null || t < oldest)) oldest = t;
      const tail = await fetcher.fetch(p, Math.max(lo, hi - each), { maxBytes: SAMPLE_BYTES, maxWaitMs: 0 });
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
): Promise<DeadLetterTopicDto | null> {
  const { sample, oldest } = await readSample(kafka, topic, byName ? opts.sample : Math.min(5, opts.sample), opts.maxPartitions);
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
    sampled: sample.length,
  };
}

/** Dead-letter topics with their summaries, sorted by name; topics that fail to read are left out. */
export async function readDeadLetterTopics(
  kafka: Kafka,
  link: AdminLink,
  settings?: DeadLetterSettings,
  options: DeadLetterScanOptions = {},
): Promise<{ topics: DeadLetterTopicDto[]; problems: string[] }> {
  const opts = {
    sample: 200,
    probeTopics: 50,
    maxPartitions: 32,
    concurrency: 4,
    topicFilter: () => true,
    text: (err: unknown) => (err instanceof Error ? err.name : "read failed"),
    ...options,
  };
  const rules = deadLetterRules(settings);
  const names = (await link.run((a) => a.listTopics())).filter((t) => !isInternalTopic(t) && opts.topicFilter(t)).sort();
  const named = names.filter((t) => matchedDltPattern(t, rules.namePatterns));
  const probed = names.filter((t) => !matchedDltPattern(t, rules.namePatterns)).slice(0, opts.probeTopics);
  const candidates = [...named.map((t) => ({ t, byName: true })), ...probed.map((t) => ({ t, byName: false }))];
  const settled = await settleAll(candidates, opts.concurrency, (c) => describeDlt(kafka, link, c.t, c.byName, rules, opts));
  const topics: DeadLetterTopicDto[] = [];
  const problems: string[] = [];
  settled.forEach((r, i) => {
    if (r.status === "fulfilled") {
      if (r.value) topics.push(r.value);
    } else problems.push(`dead-letter topic ${candidates[i]!.t}: ${opts.text(r.reason)}`);
  });
  return { topics: topics.sort((a, b) => a.topic.localeCompare(b.topic)), problems };
}
