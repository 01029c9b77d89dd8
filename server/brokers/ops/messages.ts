import "server-only";

/**
 * Message-level operations of queue brokers (RabbitMQ today): peek, purge, publish, replay.
 * Announced by capabilities.peek / purge / publish / replay. Filled in by the RabbitMQ work.
 */
export interface MessageOps {
  placeholder?: never;
}
