import "server-only";
import { rabbitReasonText, type PeekResultDto, type RabbitQueueDto } from "@/lib/rabbitmq";
import type { Runtime } from "@/server/runtime";
import { getSampler } from "@/server/sources";
import { snapshotList } from "@/server/http/source-route";
import type { MoveReport, PreparedMove } from "@/server/brokers/ops/messages";
import { errorText } from "@/server/redact";

/** The queue's depth in the collector's latest snapshot, or null. */
export function snapshotDepth(rt: Runtime, sourceId: string, queueId: string): number | null {
  const items = snapshotList<RabbitQueueDto>(getSampler(rt, sourceId), "queues").items;
  return items.find((q) => q.id === queueId)?.depth ?? null;
}

/** What the inbox learns is worth less than the read that taught it: a failed write is only logged. */
const logged = (p: Promise<void>, sourceId: string) =>
  p.catch((err: unknown) => console.error(`[dead-letters] ${sourceId}: keeping learnt reasons failed: ${errorText(err)}`));

/** A peek has just read these messages anyway: keep their reasons for the inbox. */
export async function learnFromPeek(rt: Runtime, sourceId: string, queueId: string, peek: PeekResultDto, now = Date.now()): Promise<void> {
  const texts = peek.items.map((m) => rabbitReasonText(m.headers, m.deaths[0]?.reason));
  await logged(rt.learntReasons.learn(sourceId, queueId, texts, snapshotDepth(rt, sourceId, queueId), "peek", now), sourceId);
}

/**
 * A replay read the queue anyway: what it left there (skipped or failed, counted by reason) is
 * what the queue holds now, plus the messages it never reached (whose reasons stay unknown).
 */
export async function learnFromReplay(rt: Runtime, sourceId: string, queueId: string, left: NonNullable<MoveReport["left"]>, now = Date.now()): Promise<void> {
  const read = left.reasons.reduce((n, r) => n + r.count, 0);
  await logged(rt.learntReasons.learnCounted(sourceId, queueId, left.reasons, read + left.unseen, "replay", now), sourceId);
}

/** The move, learning from what its run left in the queue (replays report it) unless cancelled. */
export function learningMove(rt: Runtime, sourceId: string, queueId: string, move: PreparedMove): PreparedMove {
  return {
    ...move,
    run: async (progress) => {
      const report = await move.run(progress);
      if (report.left && !progress.signal.aborted) await learnFromReplay(rt, sourceId, queueId, report.left);
      return report;
    },
  };
}
