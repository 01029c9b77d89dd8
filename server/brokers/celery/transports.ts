import "server-only";
import { invalid } from "@/server/errors";
import { createAmqpTransport } from "./amqp-transport";
import { createRedisTransport } from "./redis-transport";
import type { CeleryTransport } from "./transport";

/** The transport for a Celery broker URL, by its scheme (what Celery's own broker_url accepts). */
export function createTransport(brokerUrl: string): CeleryTransport {
  const scheme = new URL(brokerUrl).protocol.replace(/:$/, "");
  if (scheme === "redis" || scheme === "rediss") return createRedisTransport(brokerUrl);
  if (scheme === "amqp" || scheme === "amqps") return createAmqpTransport(brokerUrl);
  throw invalid(`unsupported Celery broker scheme "${scheme}": use redis:// or amqp://`);
}
