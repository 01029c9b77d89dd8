import "server-only";
import type { AttentionDto, ConsumerBehindDto } from "@/lib/attention";
import type { Runtime } from "@/server/runtime";
import { readInbox } from "@/server/dead-letters/inbox";
import { firingAlerts } from "@/server/alerts";
import { consumersBehind } from "./behind";
import { alertItems, behindItems, deadLetterItems, noConsumerItems, offlineWorkerItems, rank, sourceHealthItems } from "./rank";

/** Everything that needs attention, ranked, and every consumer's time behind: snapshot and store only. */
export async function readAttention(rt: Runtime, now = Date.now()): Promise<AttentionDto> {
  const inbox = (await readInbox(rt, {}, now)).items;
  const firing = firingAlerts(rt);
  const items = [];
  const behind: ConsumerBehindDto[] = [];
  for (const sampler of rt.collector.samplers.values()) {
    const mine = sampler.latest?.sample.health.status === "up" ? await consumersBehind({ rt, sampler, now }) : [];
    behind.push(...mine);
    items.push(...sourceHealthItems(sampler), ...alertItems(sampler, firing), ...deadLetterItems(sampler, inbox), ...behindItems(sampler, mine), ...noConsumerItems(sampler), ...offlineWorkerItems(sampler));
  }
  behind.sort((a, b) => Number(b.stalled) - Number(a.stalled) || (b.secondsBehind ?? -1) - (a.secondsBehind ?? -1) || b.backlog - a.backlog);
  return { items: rank(items), behind, at: new Date(now).toISOString() };
}
