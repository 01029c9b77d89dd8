"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { CeleryControlReplyDto, CeleryQueueDto, CeleryTaskDto, CeleryWorkerDto, RevokeBody, TaskRateLimitBody } from "@/lib/celery";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { useSnapshotList } from "../use-snapshot-list";

// Data hooks of the Celery panel: lists from the collector's snapshot, and its two control actions.

export const useCeleryTasks = (sourceId: string) => useSnapshotList<CeleryTaskDto>(sourceId, "tasks");
export const useCeleryWorkers = (sourceId: string) => useSnapshotList<CeleryWorkerDto>(sourceId, "workers");
export const useCeleryQueues = (sourceId: string) => useSnapshotList<CeleryQueueDto>(sourceId, "queues");

/** A control action's answer, with what it was about, for the panel to show after it. */
export interface ControlOutcome {
  what: string;
  reply: CeleryControlReplyDto;
}

/** After an action every list of the source is stale: the next tick shows its effect. */
export function useControl<V>(sourceId: string, send: (v: V) => Promise<ControlOutcome>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.source(sourceId) }),
  });
}

export function useRevoke(sourceId: string) {
  return useControl(sourceId, async ({ taskId, body }: { taskId: string; body: RevokeBody }) => ({
    what: `${body.terminate ? "Terminate" : "Revoke"} ${taskId}`,
    reply: await api<CeleryControlReplyDto>(apiPaths.taskRevoke(sourceId, taskId), { method: "POST", body }),
  }));
}

export function useTaskRateLimit(sourceId: string) {
  return useControl(sourceId, async ({ taskName, body }: { taskName: string; body: TaskRateLimitBody }) => ({
    what: body.rate && body.rate !== "0" ? `Rate limit ${taskName} to ${body.rate} per worker` : `Remove the rate limit of ${taskName}`,
    reply: await api<CeleryControlReplyDto>(apiPaths.taskTypeRateLimit(sourceId, taskName), { method: "PUT", body }),
  }));
}
