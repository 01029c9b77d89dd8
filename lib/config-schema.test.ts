import { describe, expect, it } from "vitest";
import { celerySourceSchema } from "./config-schema";

describe("celery source config", () => {
  const base = { id: "c", kind: "celery", name: "Celery" } as const;

  it("accepts Redis and RabbitMQ brokers", () => {
    for (const brokerUrl of ["redis://h:6379/0", "rediss://h/1", "amqp://u:p@h:5672//", "amqps://h/vhost"]) {
      expect(celerySourceSchema.safeParse({ ...base, brokerUrl }).success, brokerUrl).toBe(true);
    }
  });

  it("refuses other schemes, and an AMQP result backend (results are read from Redis)", () => {
    expect(celerySourceSchema.safeParse({ ...base, brokerUrl: "http://h" }).success).toBe(false);
    expect(celerySourceSchema.safeParse({ ...base, brokerUrl: "amqp://h", resultBackendUrl: "amqp://h" }).success).toBe(false);
  });
});
