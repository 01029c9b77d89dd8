import "server-only";
import crypto from "node:crypto";

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 404; code: string; message: string };

/**
 * /metrics is off unless QUEUEDECK_METRICS_TOKEN is set (then a scraper sends it as a bearer
 * token) or QUEUEDECK_METRICS_PUBLIC=1: queue names can be sensitive, so exposing them is a choice.
 */
export function metricsAccess(env: Record<string, string | undefined>, authorization: string | null): MetricsAccess {
  const token = env.QUEUEDECK_METRICS_TOKEN;
  if (token) {
    const given = authorization?.toLowerCase().startsWith("bearer ") ? authorization.slice(7).trim() : "";
    if (given && sameSecret(given, token)) return { ok: true };
    return { ok: false, status: 401, code: "unauthenticated", message: "send the metrics token as Authorization: Bearer <QUEUEDECK_METRICS_TOKEN>" };
  }
  if (env.QUEUEDECK_METRICS_PUBLIC === "1") return { ok: true };
  return { ok: false, status: 404, code: "not_found", message: "metrics are off: set QUEUEDECK_METRICS_TOKEN (bearer) or QUEUEDECK_METRICS_PUBLIC=1" };
}

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}
