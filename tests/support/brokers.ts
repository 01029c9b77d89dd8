// Where the test brokers are: the same variables scripts/brokers.sh exports.
export function brokerAddresses() {
  const env = process.env;
  return {
    rabbitmq: { host: "127.0.0.1", port: Number(env.QUEUEDECK_RABBITMQ_PORT ?? 5672) },
    rabbitmqManagement: { host: "127.0.0.1", port: Number(env.QUEUEDECK_RABBITMQ_MGMT_PORT ?? 15672) },
    redis: { host: "127.0.0.1", port: Number(new URL(env.QUEUEDECK_REDIS_URL ?? "redis://127.0.0.1:6379").port || 6379) },
    kafka: { host: "127.0.0.1", port: Number((env.QUEUEDECK_KAFKA_BROKERS ?? "127.0.0.1:9092").split(",")[0]!.split(":")[1]) },
  };
}

export const rabbitAmqpUrl = () =>
  `amqp://guest:guest@127.0.0.1:${process.env.QUEUEDECK_RABBITMQ_PORT ?? 5672}`;
export const rabbitManagementUrl = () =>
  `http://guest:guest@127.0.0.1:${process.env.QUEUEDECK_RABBITMQ_MGMT_PORT ?? 15672}`;
export const redisUrl = (db = 0) =>
  `${(process.env.QUEUEDECK_REDIS_URL ?? "redis://127.0.0.1:6379").replace(/\/\d*$/, "")}/${db}`;
export const kafkaBrokers = () => (process.env.QUEUEDECK_KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");

/** A name unique to this test run, for vhosts, prefixes and topics. */
export const runId = () => `qdt${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
