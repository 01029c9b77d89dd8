"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { BullQueueDetailDto, BullQueueDto, JobDetailDto, JobPageDto, JobStateName, ThroughputDto } from "@/lib/bullmq";
import type { SeriesPointDto } from "@/lib/dto";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths, type QueueVerb } from "@/lib/urls";
import { useSnapshotList } from "../use-snapshot-list";

// Data hooks of the BullMQ pages: every key from lib/query-keys, every interval from lib/polling.


export const useBullQueues = (sourceId: string) => useSnapshotList<BullQueueDto>(sourceId, "queues");

export function useBullQueue(sourceId: string, queueId: string) {
  return useQuery({
    queryKey: queryKeys.queue(sourceId, queueId),
    queryFn: ({ signal }) => api<BullQueueDetailDto>(apiPaths.queue(sourceId, queueId), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

export function useJobs(sourceId: string, queueId: string, state: JobStateName, cursor: string | undefined, limit = 25) {
  return useQuery({
    queryKey: queryKeys.jobs(sourceId, queueId, state, cursor),
    queryFn: ({ signal }) => api<JobPageDto>(apiPaths.jobs(sourceId, queueId, { state, limit, cursor }), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

export function useJob(sourceId: string, queueId: string, jobId: string) {
  return useQuery({
    queryKey: queryKeys.job(sourceId, queueId, jobId),
    queryFn: ({ signal }) => api<JobDetailDto>(apiPaths.job(sourceId, queueId, jobId), { signal }),
    refetchInterval: POLL.lists,
  });
}

/** The window [now - ms, now] is taken at each fetch, so polling moves it forward. */
export function useThroughput(sourceId: string, queueId: string, range: string, ms: number) {
  return useQuery({
    // A "series" of its own: per-minute rates plus latency, for the chosen range.
    queryKey: queryKeys.series(sourceId, queueId, "throughput", range),
    queryFn: ({ signal }) => {
      const to = Date.now();
      return api<ThroughputDto>(apiPaths.throughput(sourceId, queueId, { from: to - ms, to }), { signal });
    },
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

export function useSeries(sourceId: string, queueId: string, metric: string, range: string, ms: number) {
  return useQuery({
    queryKey: queryKeys.series(sourceId, queueId, metric, range),
    queryFn: ({ signal }) => {
      const to = Date.now();
      return api<{ points: SeriesPointDto[]; from: number; to: number }>(apiPaths.queueSeries(sourceId, queueId, { metric, from: to - ms, to }), { signal });
    },
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

/** A POST/PUT/DELETE on the queue that refreshes everything about the queue afterwards. */
export function useQueueMutation<T = unknown>(sourceId: string, queueId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { method?: string; verb: QueueVerb; body?: unknown }) =>
      api<T>(apiPaths.queueVerb(sourceId, queueId, v.verb), { method: v.method ?? "POST", body: v.body ?? {} }),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.queue(sourceId, queueId) }),
        qc.invalidateQueries({ queryKey: queryKeys.queues(sourceId) }),
      ]),
  });
}
