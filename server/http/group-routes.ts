import "server-only";
import type { GroupDetailDto, KafkaGroupDto, OffsetResetResultDto } from "@/lib/kafka";
import type { Runtime } from "@/server/runtime";
import { unsupported } from "@/server/errors";
import { sharedRead } from "@/server/shared-reads/shared-read";
import { snapshotList, sourceWith } from "./source-route";

// Consumer-group routes' shared parts: the live detail merged with the collector's rates, and
// what an offset reset's audit row keeps.

/** GET .../groups/{group}: read live (shared among tabs for a couple of seconds); consume rate and time to drain from the latest snapshot row. */
export async function groupDetailFor(rt: Runtime, sourceId: string, groupId: string): Promise<GroupDetailDto> {
  const { sampler, adapter } = sourceWith(rt, sourceId, "consumerGroups");
  if (!adapter.groupDetail) throw unsupported("group detail");
  const read = adapter.groupDetail.bind(adapter);
  const detail = (await sharedRead(rt, sourceId, ["group", groupId], () => read(groupId))) as GroupDetailDto;
  const row = snapshotList<KafkaGroupDto>(sampler, "groups").items.find((g) => g.id === groupId);
  return { ...detail, consumeRate: row?.consumeRate ?? null, timeToDrainSeconds: row?.timeToDrainSeconds ?? null };
}

/** The audit row keeps each partition's committed offset before and after (the first this many). */
const AUDITED_PARTITIONS = 1000;

export function resetAudit(r: OffsetResetResultDto): { counts: Record<string, number>; params?: Record<string, unknown> } {
  const counts = {
    partitions: r.partitions.length,
    lagAfter: r.partitions.reduce((n, p) => n + p.lag, 0),
  };
  if (r.dryRun) return { counts };
  const cut = <T>(rows: T[] | undefined) => (rows ?? []).slice(0, AUDITED_PARTITIONS);
  return {
    counts,
    params: {
      before: cut(r.before),
      after: cut(r.after),
      ...(r.partitions.length > AUDITED_PARTITIONS ? { auditedPartitions: AUDITED_PARTITIONS } : {}),
    },
  };
}
