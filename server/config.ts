import "server-only";
import fs from "node:fs";
import path from "node:path";
import { configSchema, type QueueDeckConfig } from "@/lib/config-schema";
import { formatZodIssues } from "@/lib/zod-format";

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** The four local brokers, used when no config file is given or found. */
export function defaultConfigJson(env: Env = process.env): unknown {
  const rabbitHost = env.QUEUEDECK_RABBITMQ_HOST ?? "127.0.0.1";
  const redisUrl = env.QUEUEDECK_REDIS_URL ?? "redis://127.0.0.1:6379";
  const kafka = env.QUEUEDECK_KAFKA_BROKERS ?? "127.0.0.1:9092";
  const base = redisUrl.replace(/\/\d*$/, "");
  return {
    sources: [
      {
        id: "rabbit",
        kind: "rabbitmq",
        name: "Local RabbitMQ",
        amqpUrl: `amqp://guest:guest@${rabbitHost}:${env.QUEUEDECK_RABBITMQ_PORT ?? "5672"}`,
        managementUrl: `http://guest:guest@${rabbitHost}:${env.QUEUEDECK_RABBITMQ_MGMT_PORT ?? "15672"}`,
      },
      { id: "kafka", kind: "kafka", name: "Local Kafka", brokers: kafka.split(",") },
      { id: "jobs", kind: "bullmq", name: "Local BullMQ", redisUrl: `${base}/0`, prefix: "bull" },
      {
        id: "celery",
        kind: "celery",
        name: "Local Celery",
        brokerUrl: `${base}/0`,
        resultBackendUrl: `${base}/1`,
      },
    ],
  };
}

/** Replaces ${NAME} with the environment's value; an unset variable is an error naming it. */
export function substituteEnv(value: unknown, env: Env, where = "$"): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) throw new ConfigError(`${where}: environment variable ${name} is not set`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, `${where}[${i}]`));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, `${where}.${k}`)]),
    );
  }
  return value;
}

export function parseConfig(raw: unknown, env: Env = process.env): QueueDeckConfig {
  const substituted = substituteEnv(raw, env);
  const parsed = configSchema.safeParse(substituted);
  if (!parsed.success) throw new ConfigError(`invalid config: ${formatZodIssues(parsed.error)}`);
  return parsed.data;
}

/** Reads QUEUEDECK_CONFIG, else ./queuedeck.config.json, else the local defaults. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): QueueDeckConfig {
  const explicit = env.QUEUEDECK_CONFIG;
  const file = explicit ? path.resolve(cwd, explicit) : path.join(cwd, "queuedeck.config.json");
  if (explicit || fs.existsSync(file)) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new ConfigError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(`config ${file} is not valid JSON: ${(e as Error).message}`);
    }
    return parseConfig(json, env);
  }
  return parseConfig(defaultConfigJson(env), env);
}

/** How much Celery task history QueueDeck keeps per source unless the environment says otherwise. */
export const CELERY_HISTORY_DEFAULTS = { maxTasks: 100_000, days: 7 } as const;

/**
 * Celery task history kept per source (server/celery-history/): at most
 * QUEUEDECK_CELERY_HISTORY_MAX_TASKS tasks, none older than QUEUEDECK_CELERY_HISTORY_DAYS days.
 */
export function celeryHistoryRetention(env: Env = process.env): { maxTasks: number; maxAgeMs: number } {
  const maxTasks = numberFromEnv(env, "QUEUEDECK_CELERY_HISTORY_MAX_TASKS", CELERY_HISTORY_DEFAULTS.maxTasks, { integer: true, max: 100_000_000 });
  const days = numberFromEnv(env, "QUEUEDECK_CELERY_HISTORY_DAYS", CELERY_HISTORY_DEFAULTS.days, { integer: false, max: 3650 });
  return { maxTasks, maxAgeMs: Math.round(days * 86_400_000) };
}

/** Sign-in and audit settings; see the README's security section. */
export interface AccountSettings {
  /** QUEUEDECK_AUDIT_RETENTION_DAYS (365): audit rows older than this are deleted. */
  auditRetentionMs: number;
  /** QUEUEDECK_SESSION_IDLE_MINUTES (60): a session unused for this long is refused. */
  sessionIdleMs: number;
  /** QUEUEDECK_SIGN_IN_FAILURES_PER_MINUTE (30): past this, sign-ins without a device cookie get 429. */
  signInFailuresPerMinute: number;
}

export function accountSettings(env: Env = process.env): AccountSettings {
  const days = numberFromEnv(env, "QUEUEDECK_AUDIT_RETENTION_DAYS", 365, { integer: false, max: 36_500 });
  const idle = numberFromEnv(env, "QUEUEDECK_SESSION_IDLE_MINUTES", 60, { integer: false, max: 7 * 24 * 60 });
  const perMinute = numberFromEnv(env, "QUEUEDECK_SIGN_IN_FAILURES_PER_MINUTE", 30, { integer: true, max: 1_000_000 });
  return { auditRetentionMs: Math.round(days * 86_400_000), sessionIdleMs: Math.round(idle * 60_000), signInFailuresPerMinute: perMinute };
}

function numberFromEnv(env: Env, name: string, fallback: number, rule: { integer: boolean; max: number }): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > rule.max || (rule.integer && !Number.isInteger(n))) {
    throw new ConfigError(`${name} must be a positive ${rule.integer ? "whole number" : "number"} up to ${rule.max}`);
  }
  return n;
}
