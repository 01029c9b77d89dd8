"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { CeleryControlReplyDto, CeleryTaskTypeListDto, CeleryWorkerDetailDto, ConsumerBody, PoolBody } from "@/lib/celery";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { useControl } from "./queries";

// Data hooks of the Celery worker actions: the two live reads (task types, one worker) and the
// actions on workers, queues and tasks.

/** A live broadcast on the server, shared among tabs: polled as slowly as the lists. */
export function useTaskTypes(sourceId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.taskTypes(sourceId),
    queryFn: ({ signal }) => api<CeleryTaskTypeListDto>(apiPaths.taskTypes(sourceId), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useWorkerDetail(sourceId: string, hostname: string | null) {
  return useQuery({
    queryKey: queryKeys.worker(sourceId, hostname ?? ""),
    queryFn: ({ signal }) => api<CeleryWorkerDetailDto>(apiPaths.worker(sourceId, hostname!), { signal }),
    refetchInterval: POLL.lists,
    enabled: hostname !== null,
  });
}

const poolWhat = (b: PoolBody) =>
  b.grow !== undefined ? `Grow the pool by ${b.grow}` : b.shrink !== undefined ? `Shrink the pool by ${b.shrink}` : `Autoscale between ${b.autoscale![1]} and ${b.autoscale![0]}`;

export function usePoolChange(sourceId: string, hostname: string) {
  return useControl(sourceId, async (body: PoolBody) => ({
    what: `${poolWhat(body)} on ${hostname}`,
    reply: await api<CeleryControlReplyDto>(apiPaths.workerVerb(sourceId, hostname, "pool"), { method: "POST", body }),
  }));
}

export function useConsumer(sourceId: string, hostname: string) {
  return useControl(sourceId, async (body: ConsumerBody) => ({
    what: `${body.action === "add" ? "Start" : "Stop"} consuming ${body.queue} on ${hostname}`,
    reply: await api<CeleryControlReplyDto>(apiPaths.workerVerb(sourceId, hostname, "consumers"), { method: "POST", body }),
  }));
}

export function useQueuePurge(sourceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (queue: string) => api<{ purged: number }>(apiPaths.queueVerb(sourceId, queue, "purge"), { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.source(sourceId) }),
  });
}
