import "server-only";
import type { BrokerKind } from "@/lib/dto";
import type { SourceConfig } from "@/lib/config-schema";
import type { BrokerAdapter } from "./adapter";
import { createRabbitmqAdapter } from "./rabbitmq/adapter";
import { createKafkaAdapter } from "./kafka/adapter";
import { createBullmqAdapter } from "./bullmq/adapter";
import { createCeleryAdapter } from "./celery/adapter";

type ConfigOf<K extends BrokerKind> = Extract<SourceConfig, { kind: K }>;
type Factory<K extends BrokerKind> = (config: ConfigOf<K>) => BrokerAdapter;

// Exhaustive: a kind that is not wired in here fails to compile.
const factories: { [K in BrokerKind]: Factory<K> } = {
  rabbitmq: createRabbitmqAdapter,
  kafka: createKafkaAdapter,
  bullmq: createBullmqAdapter,
  celery: createCeleryAdapter,
};

export function createAdapter(config: SourceConfig): BrokerAdapter {
  const factory = factories[config.kind] as Factory<typeof config.kind>;
  return factory(config as never);
}
