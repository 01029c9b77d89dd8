import { describe, expect, it } from "vitest";
import { CELERY_HISTORY_DEFAULTS, ConfigError, accountSettings, celeryHistoryRetention, defaultConfigJson, parseConfig, substituteEnv } from "./config";

const good = {
  sources: [
    { id: "rabbit", kind: "rabbitmq", name: "R", amqpUrl: "amqp://u:${RABBIT_PW}@h:5672", managementUrl: "http://u:p@h:15672" },
    { id: "k", kind: "kafka", name: "K", brokers: ["127.0.0.1:9092"] },
  ],
};

describe("parseConfig", () => {
  it("substitutes ${ENV} values and applies defaults", () => {
    const cfg = parseConfig(
      { sources: [...good.sources, { id: "jobs", kind: "bullmq", name: "B", redisUrl: "redis://127.0.0.1:6379/0" }] },
      { RABBIT_PW: "s3cret" },
    );
    expect(cfg.sources[0]).toMatchObject({ amqpUrl: "amqp://u:s3cret@h:5672" });
    expect(cfg.sources[2]).toMatchObject({ kind: "bullmq", prefix: "bull" });
  });

  it("names the field that is wrong, without echoing its value", () => {
    const bad = { sources: [{ ...good.sources[0], amqpUrl: "http://nope:hunter2@x" }] };
    expect(() => parseConfig(bad, { RABBIT_PW: "x" })).toThrow(/sources\.0\.amqpUrl: must be a URL with scheme amqp or amqps/);
    try {
      parseConfig(bad, {});
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
    }
  });

  it("rejects unknown kinds, unknown keys and duplicate ids", () => {
    expect(() => parseConfig({ sources: [{ id: "x", kind: "nats", name: "N" }] }, {})).toThrow(ConfigError);
    expect(() => parseConfig({ sources: [{ ...good.sources[1], extra: 1 }] }, {})).toThrow(/extra/);
    expect(() => parseConfig({ sources: [good.sources[1], good.sources[1]] }, {})).toThrow(/sources\.1\.id: duplicate source id "k"/);
  });

  it("names a missing environment variable", () => {
    expect(() => substituteEnv({ a: ["${NOPE}"] }, {})).toThrow("$.a[0]: environment variable NOPE is not set");
  });

  it("defaults to the four local brokers", () => {
    const cfg = parseConfig(defaultConfigJson({}), {});
    expect(cfg.sources.map((s) => `${s.id}:${s.kind}`)).toEqual(["rabbit:rabbitmq", "kafka:kafka", "jobs:bullmq", "celery:celery"]);
  });
});

describe("celeryHistoryRetention", () => {
  it("keeps 100,000 tasks and 7 days per source unless the environment says otherwise", () => {
    expect(celeryHistoryRetention({})).toEqual({ maxTasks: CELERY_HISTORY_DEFAULTS.maxTasks, maxAgeMs: 7 * 86_400_000 });
    expect(celeryHistoryRetention({ QUEUEDECK_CELERY_HISTORY_MAX_TASKS: "500", QUEUEDECK_CELERY_HISTORY_DAYS: "0.5" })).toEqual({ maxTasks: 500, maxAgeMs: 43_200_000 });
  });

  it("refuses a value that is not a positive number, naming the variable", () => {
    expect(() => celeryHistoryRetention({ QUEUEDECK_CELERY_HISTORY_MAX_TASKS: "1.5" })).toThrow(/QUEUEDECK_CELERY_HISTORY_MAX_TASKS must be a positive whole number/);
    expect(() => celeryHistoryRetention({ QUEUEDECK_CELERY_HISTORY_DAYS: "-1" })).toThrow(ConfigError);
    expect(() => celeryHistoryRetention({ QUEUEDECK_CELERY_HISTORY_DAYS: "week" })).toThrow(/QUEUEDECK_CELERY_HISTORY_DAYS/);
  });
});

describe("accountSettings", () => {
  it("keeps the audit a year, ends idle sessions after an hour, allows 30 failed sign-ins a minute", () => {
    expect(accountSettings({})).toEqual({ auditRetentionMs: 365 * 86_400_000, sessionIdleMs: 3_600_000, signInFailuresPerMinute: 30 });
    expect(accountSettings({ QUEUEDECK_AUDIT_RETENTION_DAYS: "90", QUEUEDECK_SESSION_IDLE_MINUTES: "15", QUEUEDECK_SIGN_IN_FAILURES_PER_MINUTE: "100" })).toEqual({
      auditRetentionMs: 90 * 86_400_000,
      sessionIdleMs: 900_000,
      signInFailuresPerMinute: 100,
    });
    expect(() => accountSettings({ QUEUEDECK_AUDIT_RETENTION_DAYS: "0" })).toThrow(/QUEUEDECK_AUDIT_RETENTION_DAYS/);
    expect(() => accountSettings({ QUEUEDECK_SIGN_IN_FAILURES_PER_MINUTE: "2.5" })).toThrow(/whole number/);
  });
});
