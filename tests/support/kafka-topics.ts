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
