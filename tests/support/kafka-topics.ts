// Kafka test helpers: topics that are really ready, and independent read-backs.
import type { Admin, Kafka } from "kafkajs";
import { poll } from "./wait";

/**
 * kafkajs's createTopics({ waitForLeaders: true }) fails on a busy Kafka 4.1 broker when its
 * metadata poll sees UNKNOWN_TOPIC_OR_PARTITION (only LEADER_NOT_AVAILABLE is retried). Create
 * with waitForLeaders: false, then wait here until ListOffsets answers for every partition.
 */
export async function waitForTopics(admin: Admin, topics: readonly string[]): Promise<void> {
  for (const topic of topics) {
    await poll(`topic ${topic} ready`, async () => ((await admin.fetchTopicOffsets(topic)).length > 0 ? true : undefined), 30_000, 100);
  }
}

/** A producer whose retries cannot duplicate records: test counts stay exact. */
export const exactProducer = (kafka: Kafka) => kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

export interface ReadBack {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string | string[]>;
}

const text = (v: Buffer | string | null | undefined) => (v == null ? null : Buffer.isBuffer(v) ? v.toString("utf8") : v);

/**
 * Every record of `topic`, read by a plain kafkajs consumer (independent of the code under
 * test) until at least `atLeast` arrived and nothing more came for `quietMs`. Its throwaway
 * group is deleted afterwards.
 */
export async function readTopic(kafka: Kafka, admin: Admin, topic: string, atLeast: number, quietMs = 1500, timeoutMs = 90_000): Promise<ReadBack[]> {
  const groupId = `qd-verify-${topic}-${Math.floor(Math.random() * 1e9)}`;
  const consumer = kafka.consumer({ groupId, maxBytes: 8 * 1024 * 1024 });
  const out: ReadBack[] = [];
  let lastAt = Date.now();
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const headers: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(m.headers ?? {})) {
            headers[k] = Array.isArray(v) ? v.map((x) => text(x) ?? "") : (text(v) ?? "");
          }
          out.push({ partition: batch.partition, offset: Number(m.offset), key: text(m.key), value: text(m.value), headers });
        }
        if (batch.messages.length) lastAt = Date.now();
      },
    });
    await poll(`${atLeast} records in ${topic} (have ${out.length})`, async () => (out.length >= atLeast && Date.now() - lastAt >= quietMs ? true : undefined), timeoutMs, 200);
    return out;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}
