import "server-only";
import type { KafkaGroupDto, TopicPageDto } from "@/lib/kafka";
import type { KafkaReplayBody } from "@/lib/kafka-dead-letters";
import type { Runtime } from "@/server/runtime";
import { requireTopicReads } from "@/server/brokers/adapter";
import type { OperationView } from "@/server/actions/operations";
import type { PreparedOperation } from "@/server/actions/start-operation";
import { sharedRead } from "@/server/shared-reads/shared-read";
import { opsOf, snapshotList, sourceWith } from "./source-route";

// Kafka's topic routes: the topic page (live detail + the groups reading it, from the snapshot)
// and the dead-letter topic replay as a started operation.

export async function topicPage(rt: Runtime, sourceId: string, topic: string): Promise<TopicPageDto> {
  const { sampler, adapter } = sourceWith(rt, sourceId, "topics");
  // Shared among tabs for a couple of seconds, like every live read a page polls.
  const reads = requireTopicReads(adapter);
  const detail = await sharedRead(rt, sourceId, ["topic", topic], () => reads.topicDetail(topic));
  const { items, sampledAt } = snapshotList<KafkaGroupDto>(sampler, "groups");
  // Each reader's lag on this topic, not over every topic it reads.
  const groups = items
    .filter((g) => g.topics.includes(topic))
    .map((g) => ({
      id: g.id,
      groupId: g.groupId,
      state: g.state,
      members: g.members,
      lag: g.lagByTopic[topic] ?? 0,
      lagSeconds: g.lagSecondsByTopic[topic] ?? null,
    }))
    .sort((a, b) => b.lag - a.lag || a.groupId.localeCompare(b.groupId));
  return { id: topic, ...detail, groups, ...(sampledAt ? { sampledAt } : {}) };
}

/** The replay request as the audit row shows it. */
export function replayAuditParams(body: KafkaReplayBody): Record<string, unknown> {
  return {
    target: body.target ?? "origin",
    ...(body.partition !== undefined ? { partition: body.partition } : {}),
    ...(body.from ? { from: body.from } : {}),
    ...(body.to ? { to: body.to } : {}),
    ...(body.q ? { q: body.q } : {}),
    ...(body.signature ? { signature: body.signature } : {}),
    ...(body.ratePerSecond ? { ratePerSecond: body.ratePerSecond } : {}),
    maxReplays: body.maxReplays,
    ...(body.restart ? { restart: true } : {}),
  };
}

/** A dead-letter topic replay, shown as "<dlt> → <target>", reporting replayed / failed / skipped (guard + filter). */
export async function prepareTopicReplay(rt: Runtime, sourceId: string, topic: string, body: KafkaReplayBody): Promise<PreparedOperation> {
  const ops = opsOf(rt, sourceId, "topicReplay");
  const prepared = await ops.replay(topic, body);
  return {
    total: prepared.total,
    note: prepared.note,
    shownTarget: `${topic} → ${prepared.target}`,
    // The checkpoint group holds what Kafka acknowledged: the same replay resumes from it.
    ifInterrupted: `Progress up to the last acknowledged copies is saved in the replay's checkpoint group: start the same replay again to resume where it stopped (at most ${ops.inFlightWindow} records may be sent twice).`,
    run: async (progress) => {
      const r = await prepared.run(progress);
      progress.update({ done: r.replayed, failed: r.failed, skipped: r.skipped + r.filtered });
    },
  };
}

/** The final report of a replay, audited as `topic.replay.finished`. */
export function replayFinalCounts(view: OperationView): Record<string, number> {
  return { total: view.total, replayed: view.done, failed: view.failed, skipped: view.skipped };
}
