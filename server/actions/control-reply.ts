import "server-only";
import type { CeleryControlReplyDto } from "@/lib/celery";
import type { ControlOutcome } from "@/server/brokers/ops/tasks";

/**
 * Who answered a broadcast, against who was expected to: the replies tell who acknowledged or
 * refused; the workers the collector last saw, minus those, did not answer in time.
 */
export function controlReply(expected: readonly string[], outcomes: readonly ControlOutcome[]): CeleryControlReplyDto {
  const acknowledged = outcomes.filter((o) => o.error === undefined).map((o) => o.worker).sort();
  const refused = outcomes.flatMap((o) => (o.error === undefined ? [] : [{ worker: o.worker, error: o.error }]));
  const answered = new Set(outcomes.map((o) => o.worker));
  const noReply = [...new Set(expected)].filter((w) => !answered.has(w)).sort();
  return { ok: acknowledged.length > 0 && refused.length === 0 && noReply.length === 0, acknowledged, noReply, refused };
}

/** The audit's counts for a reply. */
export function controlCounts(reply: CeleryControlReplyDto): Record<string, number> {
  return { acknowledged: reply.acknowledged.length, noReply: reply.noReply.length, refused: reply.refused.length };
}
