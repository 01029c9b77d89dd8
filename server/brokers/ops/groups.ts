import "server-only";
import type { OffsetResetRequest, OffsetResetResultDto } from "@/lib/kafka";

// Consumer-group operations (Kafka today). Both refuse with a domain "conflict" while the group
// has active members, exactly like kafka-consumer-groups.sh.

/** Capability `offsetReset`: move a group's committed offsets (dry run first), or delete the group. */
export interface OffsetResetOps {
  /** Plans (dryRun) or applies; apply needs the group Empty or Dead. */
  resetOffsets(groupId: string, req: OffsetResetRequest): Promise<OffsetResetResultDto>;
  /** Deletes the group and its committed offsets; Empty only. */
  deleteGroup(groupId: string): Promise<{ groupId: string; state: string }>;
}
