import "server-only";
import type { KafkaSourceConfig } from "@/lib/config-schema";
import { unavailable } from "@/server/errors";
import { healthOnlySample, type BrokerAdapter, type Health, type Sample } from "../adapter";
import { INNER_TIMEOUT_MS, PROBE_TIMEOUT_MS, withTimeout } from "../timeout";
import { fetchApiVersions } from "./api-versions";
import {
  AdminLink,
  createKafka,
  dataRole,
  installKafkaRejectionGuard,
  kafkaErrorText,
  kafkaSecrets,
  probeRole,
} from "./client";
import { ClusterBatches } from "./cluster-batches";
import { DeadLetterTick } from "./dead-letter-tick";
import { readGroupDetail } from "./group-detail";
import { RawCluster } from "./internal-cluster";
import { LagClock } from "./lag-seconds";
import { kafkaMetrics, kafkaStats } from "./map";
import { deleteGroup, resetGroupOffsets } from "./offset-reset";
import { kafkaTopicOps } from "./topic-ops";
import { readListing } from "./read";
import { TickRates } from "./tick-rates";
import { versionText } from "./version";

/** Topics, offsets, groups and their commits may take this long before the tick gives up. */
const SAMPLE_BUDGET_MS = 3 * PROBE_TIMEOUT_MS;
/** One ApiVersions round trip on a fresh socket (connect included). */
const VERSION_TIMEOUT_MS = Math.floor(PROBE_TIMEOUT_MS / 2);
/** The release only changes with a broker upgrade: ask again at most this often. */
const VERSION_TTL_MS = 5 * 60_000;

export interface KafkaAdapterOptions {
  /** Topics read per tick. 1,000 by default. */
  maxTopics?: number;
  /** Consumer groups read per tick. 10,000 by default. */
  maxGroups?: number;
  concurrency?: number;
}

function hostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(":");
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
}

export function createKafkaAdapter(config: KafkaSourceConfig, options: KafkaAdapterOptions = {}): BrokerAdapter {
  installKafkaRejectionGuard();
  const secrets = kafkaSecrets(config);
  const text = (err: unknown) => kafkaErrorText(err, secrets);
  const probeLink = new AdminLink(createKafka(config, probeRole(config)));
  const dataKafka = createKafka(config, dataRole(config));
  const dataLink = new AdminLink(dataKafka);
  // One group-free cluster and one record-age cache per source: the collector's ticks and the
  // group page share them; resets commit through the same cluster. The tick's batched listing
  // reads (cluster-batches.ts) have a cluster of their own.
  const raw = new RawCluster(dataKafka);
  const batches = new ClusterBatches(new RawCluster(dataKafka));
  const clock = new LagClock(raw, {}, text);
  const rates = new TickRates(clock);
  const topicOps = kafkaTopicOps(dataKafka, dataLink, config.deadLetters, secrets);
  const deadLetters = new DeadLetterTick(dataKafka, dataLink, config.deadLetters, text);
  const clientId = config.clientId ?? `queuedeck-${config.id}`;
  let version: { text: string; at: number } | null = null;

  /** First seed broker that answers ApiVersions decides; a failure just leaves it unknown. */
  async function brokerVersion(): Promise<string | undefined> {
    if (version && Date.now() - version.at < VERSION_TTL_MS) return version.text;
    for (const address of config.brokers) {
      try {
        const table = await fetchApiVersions({ ...hostPort(address), ssl: config.ssl, timeoutMs: VERSION_TIMEOUT_MS, clientId });
        version = { text: versionText(table), at: Date.now() };
        return version.text;
      } catch {
        // Try the next seed; describeCluster reports reachability on its own.
      }
    }
    return undefined;
  }

  async function probe(): Promise<Health> {
    // In parallel, but a down cluster answers at once: never wait for the version then.
    const ver = brokerVersion();
    try {
      await withTimeout(probeLink.run((a) => a.describeCluster()), INNER_TIMEOUT_MS, "Kafka describeCluster");
    } catch (err) {
      version = null;
      return { status: "down", error: text(err) };
    }
    const v = await ver;
    return { status: "up", ...(v ? { version: v } : {}) };
  }

  async function health(): Promise<Health> {
    try {
      return await withTimeout(probe(), PROBE_TIMEOUT_MS, "Kafka health probe");
    } catch (err) {
      return { status: "down", error: text(err) };
    }
  }

  return {
    kind: "kafka",
    views: ["consumerGroups", "topics", "deadLetters"],
    ops: {
      offsetReset: {
        resetOffsets: (groupId, req) => resetGroupOffsets(dataLink, raw, groupId, req),
        deleteGroup: (groupId) => deleteGroup(dataLink, groupId),
      },
      produce: topicOps.produce,
      topicPurge: topicOps.topicPurge,
      topicReplay: topicOps.topicReplay,
    },
    topicReads: topicOps.topicReads,

    groupDetail: (groupId: string) => readGroupDetail(dataLink, groupId, { clock }),

    async connect() {
      try {
        await withTimeout(Promise.all([probeLink.get(), dataLink.get()]), PROBE_TIMEOUT_MS, "Kafka connect");
      } catch (err) {
        throw unavailable(text(err));
      }
    },

    health,

    async sample(): Promise<Sample> {
      const h = await health();
      if (h.status === "down") return healthOnlySample(h);
      try {
        const listing = await withTimeout(
          readListing(dataLink, {
            maxTopics: options.maxTopics ?? 1000,
            maxGroups: options.maxGroups ?? 10_000,
            concurrency: options.concurrency ?? 8,
            text,
          }, batches),
          SAMPLE_BUDGET_MS,
          "Kafka topic and group listing",
        );
        // Never throws; bounded by the LagClock's per-call budget and timeout.
        const { topics, groups } = await rates.enrich(listing);
        const dlts = await withTimeout(deadLetters.read(), SAMPLE_BUDGET_MS, "Kafka dead-letter topics").catch((err: unknown) => ({
          topics: [],
          problems: [`dead-letter topics: ${text(err)}`],
          scan: null,
        }));
        const problems = [...listing.problems, ...dlts.problems];
        const degraded = problems.length
          ? problems.slice(0, 3).join("; ") + (problems.length > 3 ? ` (+${problems.length - 3} more)` : "")
          : undefined;
        return {
          health: degraded ? { ...h, degraded } : h,
          lists: { topics, groups, "dead-letters": dlts.topics, "dead-letter-scan": dlts.scan ? [{ id: "last", ...dlts.scan }] : [] },
          stats: kafkaStats(topics, groups),
          metrics: kafkaMetrics(topics, groups),
        };
      } catch (err) {
        return healthOnlySample({ ...h, degraded: `listing topics and groups failed: ${text(err)}` });
      }
    },

    async close() {
      await topicOps.close();
      await Promise.all([probeLink.close(), dataLink.close(), clock.close(), batches.close()]);
    },
  };
}
