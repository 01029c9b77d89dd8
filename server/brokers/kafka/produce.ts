import "server-only";
import { Partitioners, type IHeaders, type Kafka, type Producer } from "kafkajs";
import type { ProduceBody, ProduceResultDto } from "@/lib/kafka";
import { RecordFetcher } from "./fetch-records";
import { DomainError } from "@/server/errors";

// Produce one message (operator action). acks=all: the answer means every in-sync replica has
// it, so "sent" on the page is a promise the cluster keeps.

export interface ProduceInput {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string>;
  partition?: number;
}

export const ACKS_ALL = -1;

/**
 * Producers QueueDeck creates: never create a topic by producing to a typo, and idempotent so
 * that kafkajs's own retries after a lost answer cannot write a record twice (checked on Kafka 4.1).
 */
export function createQueueDeckProducer(kafka: Kafka): Producer {
  return kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
  });
}

/** The API body (text or base64 value) as a message. */
export function produceInputOf(body: ProduceBody): ProduceInput {
  return {
    ...(body.key !== undefined ? { key: body.key } : {}),
    value: body.encoding === "base64" ? Buffer.from(body.value, "base64") : body.value,
    headers: body.headers,
    ...(body.partition !== undefined ? { partition: body.partition } : {}),
  };
}

/** Partition ids of a topic; not_found when it does not exist. */
export async function topicPartitionIds(kafka: Kafka, topic: string): Promise<number[]> {
  const fetcher = new RecordFetcher(kafka, topic);
  try {
    return await fetcher.partitions();
  } finally {
    await fetcher.close();
  }
}

/**
 * Sends one message with acks=all and returns where it landed. `producer`: a connected
 * producer to reuse; without it one is created and closed for this message.
 */
export async function produceMessage(
  kafka: Kafka,
  topic: string,
  input: ProduceInput,
  producer?: Producer,
): Promise<ProduceResultDto> {
  const partitions = await topicPartitionIds(kafka, topic);
  if (input.partition !== undefined && !partitions.includes(input.partition)) {
    throw new DomainError("invalid", `topic ${topic} has no partition ${input.partition} (it has ${partitions.length})`);
  }
  const own = producer ? null : createQueueDeckProducer(kafka);
  const p = producer ?? own!;
  try {
    if (own) await own.connect();
    const [meta] = await p.send({
      topic,
      acks: ACKS_ALL,
      messages: [
        {
          key: input.key ?? null,
          value: input.value,
          headers: (input.headers ?? {}) as IHeaders,
          ...(input.partition !== undefined ? { partition: input.partition } : {}),
        },
      ],
    });
    const offset = meta?.baseOffset ?? meta?.offset;
    if (!meta || offset === undefined) throw new DomainError("unavailable", `the broker did not say where the message to ${topic} landed`);
    return { partition: meta.partition, offset: Number(offset) };
  } finally {
    await own?.disconnect().catch(() => undefined);
  }
}
