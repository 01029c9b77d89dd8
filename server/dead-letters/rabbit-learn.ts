import "server-only";
import { rabbitReasonText, type PeekResultDto, type RabbitQueueDto } from "@/lib/rabbitmq";
import type { Runtime } from "@/server/runtime";
import { getSampler } from "@/server/sources";
import { snapshotList } from "@/server/http/source-route";

/** The queue's depth in the collector's latest snapshot, or null. */
export function snapshotDepth(rt: Runtime, sourceId: string, queueId: string): number | null {
  const items = snapshotList<RabbitQueueDto>(getSampler(rt, sourceId), "queues").items;
  return items.find((q) => q.id === queueId)?.depth ?? null;
}

/** A peek has just read these messages anyway: keep their reasons for the inbox. */
export function learnFromPeek(rt: Runtime, sourceId: string, queueId: string, peek: PeekResultDto, now = Date.now()): void {
  const texts = peek.items.map((m) => rabbitReasonText(m.headers, m.deaths[0]?.reason));
  rt.learntReasons.learn(sourceId, queueId, texts, snapshotDepth(rt, sourceId, queueId), "peek", now);
}
