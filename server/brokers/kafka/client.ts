import "server-only";
import { Kafka, logLevel, type Admin, type KafkaConfig, type SASLOptions } from "kafkajs";
import type { KafkaSourceConfig } from "@/lib/config-schema";
import { errorText } from "@/server/redact";

/** TCP connect budget per broker: a wrong address must turn into `down` well within a probe. */
export const CONNECTION_TIMEOUT_MS = 2000;
/** Per request; kafkajs's default (30 s) is longer than a whole collector tick. */
export const REQUEST_TIMEOUT_MS = 4000;
/** Probes send one tiny Metadata request: a port that accepts but never answers is down sooner. */
export const PROBE_REQUEST_TIMEOUT_MS = 2500;

export function kafkaSecrets(config: KafkaSourceConfig): string[] {
  return config.sasl ? [config.sasl.password] : [];
}

function saslOf(config: KafkaSourceConfig): SASLOptions | undefined {
  const s = config.sasl;
  if (!s) return undefined;
  return { mechanism: s.mechanism, username: s.username, password: s.password };
}

export interface ClientRole {
  retries: number;
  requestTimeoutMs: number;
}

/**
 * Probes: no retries beyond trying each seed broker once (kafkajs moves to the next seed
 * only on a retry, so `retries: 0` would call a cluster down when its first seed is).
 * A down broker must be reported at once, not after kafkajs's default backoff (~30 s).
 */
export function probeRole(config: KafkaSourceConfig): ClientRole {
  return { retries: config.brokers.length - 1, requestTimeoutMs: PROBE_REQUEST_TIMEOUT_MS };
}

/** Listings may retry a transient NOT_COORDINATOR or leader move instead of degrading the tick. */
export function dataRole(config: KafkaSourceConfig): ClientRole {
  return { retries: Math.max(2, config.brokers.length - 1), requestTimeoutMs: REQUEST_TIMEOUT_MS };
}

/** One kafkajs client per role, each with its own connections. */
export function createKafka(config: KafkaSourceConfig, role: ClientRole): Kafka {
  const options: KafkaConfig = {
    clientId: config.clientId ?? `queuedeck-${config.id}`,
    brokers: config.brokers,
    ssl: config.ssl ?? false,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: role.requestTimeoutMs,
    // kafkajs logs every failed connection to stdout as JSON; errors reach us as
    // rejections anyway, and its log lines could carry broker text we have not redacted.
    logLevel: logLevel.NOTHING,
    retry: { retries: role.retries, initialRetryTime: 100, maxRetryTime: 1000 },
  };
  const sasl = saslOf(config);
  if (sasl) options.sasl = sasl;
  return new Kafka(options);
}

/**
 * kafkajs wraps the interesting part ("connect ECONNREFUSED 127.0.0.1:9999") in generic
 * retry errors; show the innermost message too, redacted like every broker text.
 */
export function kafkaErrorText(err: unknown, secrets: readonly string[]): string {
  const outer = errorText(err, secrets);
  let inner: unknown = err;
  for (let depth = 0; depth < 5 && inner && typeof inner === "object" && "cause" in inner; depth++) {
    const next = (inner as { cause?: unknown }).cause;
    if (!next) break;
    inner = next;
  }
  if (inner === err) return outer;
  const innerText = errorText(inner, secrets);
  return outer.includes(innerText) ? outer : `${outer}: ${innerText}`.slice(0, 500);
}

/** Errors after which the admin's connections cannot be trusted and are rebuilt. */
function isConnectionLevel(err: unknown): boolean {
  const name = err instanceof Error ? err.name : "";
  return name !== "KafkaJSProtocolError" && name !== "KafkaJSDeleteGroupsError";
}

/** A remembered topic is gone (see AdminLink.forgetDeletedTopics). */
function isUnknownTopic(err: unknown): boolean {
  return (err as { type?: unknown } | null)?.type === "UNKNOWN_TOPIC_OR_PARTITION";
}

/** A lazily connected admin client that reconnects after connection-level failures. */
export class AdminLink {
  private admin: Admin | null = null;
  private connecting: Promise<Admin> | null = null;
  /** Topics this admin fetched offsets of: kafkajs puts each in every later metadata request. */
  private readonly remembered = new Set<string>();

  constructor(private readonly kafka: Kafka) {}

  get(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    if (!this.connecting) {
      const admin = this.kafka.admin();
      this.connecting = admin
        .connect()
        .then(() => {
          this.admin = admin;
          return admin;
        })
        .catch(async (err: unknown) => {
          await admin.disconnect().catch(() => undefined);
          throw err;
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.connecting;
  }

  /** Runs one admin call; a broken connection is dropped so the next call starts fresh. */
  async run<T>(call: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = await this.get();
    try {
      return await call(admin);
    } catch (err) {
      if ((isConnectionLevel(err) || isUnknownTopic(err)) && this.admin === admin) this.reset();
      throw err;
    }
  }

  /** End and start offsets of one topic's partitions. */
  topicOffsets(topic: string): ReturnType<Admin["fetchTopicOffsets"]> {
    this.remembered.add(topic);
    return this.run((a) => a.fetchTopicOffsets(topic));
  }

  /**
   * kafkajs never forgets a topic it fetched offsets of, and once that topic is deleted every
   * later metadata refresh (listGroups, fetchTopicOffsets) fails with UNKNOWN_TOPIC_OR_PARTITION.
   * Given the topics that exist now, start a fresh admin when a remembered one is gone.
   */
  forgetDeletedTopics(existing: ReadonlySet<string>): void {
    if ([...this.remembered].every((t) => existing.has(t))) return;
    this.reset();
  }

  reset(): void {
    const admin = this.admin;
    this.admin = null;
    this.remembered.clear();
    void admin?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    const pending = this.connecting;
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
    if (pending) await pending.then((a) => a.disconnect()).catch(() => undefined);
  }
}

let guardInstalled = false;

/**
 * kafkajs 2.x can reject promises nobody awaits (e.g. a request timing out after its
 * caller gave up). Node 20 turns an unhandled rejection into a crash; a dashboard must
 * not die because one broker misbehaves. Swallow only KafkaJS errors; anything else
 * keeps Node's default behaviour when no one else handles it.
 */
export function installKafkaRejectionGuard(): void {
  if (guardInstalled) return;
  guardInstalled = true;
  process.on("unhandledRejection", (reason) => {
    const name = reason instanceof Error ? reason.name : "";
    if (name.startsWith("KafkaJS")) {
      console.warn(`queuedeck kafka: ignored an unhandled kafkajs rejection: ${errorText(reason)}`);
      return;
    }
    // Only us listening: behave as if we did not exist (Node's default is to crash).
    if (process.listenerCount("unhandledRejection") === 1) throw reason;
  });
}

/** kafkajs protocol errors carry the Kafka error name in `type`. */
export function kafkaErrorType(err: unknown): string | undefined {
  const type = (err as { type?: unknown } | null)?.type;
  return typeof type === "string" ? type : undefined;
}
