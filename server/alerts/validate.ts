import "server-only";
import type { AlertRuleInput } from "@/lib/alerts";
import type { Runtime } from "@/server/runtime";
import { invalid } from "@/server/errors";

/** What the schema cannot know: the source exists and the webhooks do. */
export async function checkRule(rt: Runtime, rule: AlertRuleInput): Promise<void> {
  if (rule.source !== "*" && !rt.collector.samplers.has(rule.source)) {
    throw invalid(`source "${rule.source}" is not configured; use a source id or "*"`);
  }
  const missing = await rt.alerts.store.missingWebhooks(rule.webhookIds);
  if (missing.length) throw invalid(`no webhook with id ${missing.join(", ")}`);
}

/** The audit row's params for a rule: everything but its name, which is the target. */
export function ruleParams(rule: AlertRuleInput): Record<string, unknown> {
  const { source, entity, metric, op, threshold, forSeconds, severity, webhookIds } = rule;
  return { source, entity, metric, op, threshold, forSeconds, severity, webhookIds };
}
