import crypto from "node:crypto";
import type { WebhookFormat } from "@/lib/alerts";
import type { AlertChange } from "./evaluator";

/** The JSON body a webhook receives (format "json"), or Slack's `{"text"}` (format "slack"). */
export function notificationBody(format: WebhookFormat, c: AlertChange): string {
  const text = summary(c);
  if (format === "slack") return JSON.stringify({ text });
  return JSON.stringify({
    version: 1,
    status: c.state,
    text,
    alert: {
      ruleId: c.rule.id,
      name: c.rule.name,
      severity: c.rule.severity,
      source: c.source,
      entity: c.entity,
      metric: c.rule.metric,
      op: c.rule.op,
      threshold: c.rule.threshold,
      forSeconds: c.rule.forSeconds,
      value: c.value,
      since: new Date(c.since).toISOString(),
      at: new Date(c.at).toISOString(),
    },
  });
}

function summary(c: AlertChange): string {
  const where = c.entity ? `${c.source}/${c.entity}` : c.source;
  const head = c.state === "firing" ? `[FIRING ${c.rule.severity}]` : "[RESOLVED]";
  return `${head} ${c.rule.name}: ${c.rule.metric} of ${where} is ${c.value} (rule: ${c.rule.op} ${c.rule.threshold} for ${c.rule.forSeconds}s)`;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the X-QueueDeck-Signature header. */
export function signature(body: string, secret: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}
