import "server-only";

// What the Celery adapter needs from the broker Celery runs on. Two implementations: Redis
// (redis-transport.ts, kombu's Redis emulation of exchanges) and RabbitMQ (amqp-transport.ts,
// real exchanges). Everything above this interface is transport-agnostic.

export interface ControlCall {
  method: string;
  arguments?: Record<string, unknown>;
}

export interface BroadcastOptions {
  /** Reply window. A worker count is unknown in advance, so this bounds every call. */
  timeoutMs: number;
  /** Only these worker hostnames run the command (others ignore it). */
  destination?: string[];
}

/** hostname -> that worker's reply, one map per call. */
export type Replies = Record<string, unknown>;

/**
 * One Celery event as the worker (or client) sent it: `type` is "task-received",
 * "worker-heartbeat", ...; task events carry `uuid`, worker events `hostname`, all carry
 * `timestamp` (unix seconds, the sender's clock) and usually `clock` (a Lamport clock).
 * A `task.multi` message is flattened into its events.
 */
export interface CeleryEvent {
  type: string;
  hostname?: string;
  uuid?: string;
  timestamp?: number;
  clock?: number;
  [field: string]: unknown;
}

/** A protocol-2 task message to publish (a retry sends the old task's name, args and routing again). */
export interface OutgoingTask {
  id: string;
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  /** Queue to route to. On AMQP the message goes to `exchange` (default "") with `routingKey` (default the queue). */
  queue: string;
  exchange?: string;
  routingKey?: string;
  priority?: number;
  parentId?: string | null;
  rootId?: string | null;
  /** Extra message headers (e.g. where a retry came from). */
  headers?: Record<string, unknown>;
}

export interface QueueDepths {
  /** Messages waiting per queue name; a queue that does not exist counts 0. */
  depths: Map<string, number>;
  /** Per-queue problems that did not fail the whole read (e.g. a Redis key of the wrong type). */
  problems: string[];
}

export interface EventSubscription {
  /** Stops receiving and frees the subscription's connection. */
  close(): Promise<void>;
}

export interface CeleryTransport {
  readonly scheme: "redis" | "amqp";
  /** Opens the long-lived connection; throws the broker's own error (credentials removed by the caller). */
  connect(): Promise<void>;
  /** "Redis 7.0.15" / "RabbitMQ 3.12.1" (shown in the source's version text); throws when the broker cannot be reached right now. */
  brokerVersion(): Promise<string | null>;
  /** Several remote-control commands under one reply queue; one reply map per call, in order. */
  broadcast(calls: ControlCall[], opts: BroadcastOptions): Promise<Replies[]>;
  queueDepths(names: string[]): Promise<QueueDepths>;
  /**
   * Receives every event on Celery's event exchange until closed, reconnecting on its own when
   * the broker goes away (events sent while disconnected are lost: the broker keeps none).
   */
  subscribeEvents(onEvents: (events: CeleryEvent[]) => void): Promise<EventSubscription>;
  /** Publishes a task message; resolves only once the broker has accepted it. */
  sendTask(task: OutgoingTask): Promise<void>;
  /** Deletes every waiting message of a queue; resolves to how many there were. */
  purgeQueue(name: string): Promise<number>;
  /** The text an operator should see for a broker error: the socket's own error, no credentials. */
  describe(err: unknown): string;
  close(): Promise<void>;
}
