import "server-only";
import type { Kafka, Producer } from "kafkajs";
import type { DeadLetterSettings } from "@/lib/kafka-dead-letters";
import type { ProduceOps, TopicPurgeOps, TopicReads, TopicReplayOps } from "../ops/topics";
import type { AdminLink } from "./client";
import { browseOptionsOf, browseTopic } from "./browse";
import { deadLetterRules } from "./dead-letters";
import { createQueueDeckProducer, produceInputOf, produceMessage } from "./produce";
import { purgeTopic } from "./purge";
import { prepareKafkaReplay, REPLAY_IN_FLIGHT_WINDOW } from "./replay";
import { readTopicDetail } from "./topic-detail";
import { kafkaErrorText } from "./client";
import { isDomainError, unavailable } from "@/server/errors";

/**
 * A replay's checks and range: what Kafka refuses while it settles (a coordinator loading the
 * checkpoint group, a new topic's leader) is a 503 naming Kafka's error, never a 500.
 */
async function prepareReplay(kafka: Kafka, req: Parameters<typeof prepareKafkaReplay>[1], secrets: readonly string[]) {
  try {
    return await prepareKafkaReplay(kafka, req);
  } catch (err) {
    if (isDomainError(err)) throw err;
    throw unavailable(`Kafka: ${kafkaErrorText(err, secrets)}`);
  }
}

// The Kafka adapter's topic capabilities (topics view reads, produce, topicPurge, topicReplay)
// over the engine modules. Topic ids are topic names. One producer per source, connected on
// first use and closed with the adapter.

export interface KafkaTopicOps {
  topicReads: TopicReads;
  produce: ProduceOps;
  topicPurge: TopicPurgeOps;
  topicReplay: TopicReplayOps;
  close(): Promise<void>;
}

export function kafkaTopicOps(kafka: Kafka, link: AdminLink, settings?: DeadLetterSettings, secrets: readonly string[] = []): KafkaTopicOps {
  let producer: Promise<Producer> | null = null;
  const shared = (): Promise<Producer> => {
    if (!producer) {
      const p = createQueueDeckProducer(kafka);
      producer = p.connect().then(
        () => p,
        (err: unknown) => {
          producer = null;
          throw err;
        },
      );
    }
    return producer;
  };
  const rules = deadLetterRules(settings);

  return {
    topicReads: {
      topicDetail: (topic) => readTopicDetail(link, topic),
      browse: (topic, query) => browseTopic(kafka, topic, browseOptionsOf(query)),
    },
    produce: {
      async produce(topic, body) {
        return produceMessage(kafka, topic, produceInputOf(body), await shared());
      },
    },
    topicPurge: {
      purgeTopic: (topic, body) => purgeTopic(link, topic, body.partitions),
    },
    topicReplay: {
      inFlightWindow: REPLAY_IN_FLIGHT_WINDOW,
      async replay(topic, body) {
        const prepared = await prepareReplay(kafka, {
          topic,
          ...(body.target ? { target: body.target } : {}),
          ...(body.partition !== undefined ? { partition: body.partition } : {}),
          ...(body.from ? { from: body.from } : {}),
          ...(body.to ? { to: body.to } : {}),
          ...(body.q ? { q: body.q } : {}),
          ...(body.signature ? { signature: body.signature } : {}),
          ...(body.ratePerSecond ? { ratePerSecond: body.ratePerSecond } : {}),
          maxReplays: body.maxReplays,
          restart: body.restart,
          rules,
        }, secrets);
        return {
          total: prepared.total,
          note: prepared.note,
          target: body.target ?? "origin",
          run: async (progress) => {
            const r = await prepared.run(progress);
            return { replayed: r.replayed, skipped: r.skipped, filtered: r.filtered, failed: r.failed, targets: r.targets };
          },
        };
      },
    },
    async close() {
      const p = producer;
      producer = null;
      if (p) await p.then((x) => x.disconnect()).catch(() => undefined);
    },
  };
}
