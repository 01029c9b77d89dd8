"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { SeriesPointDto } from "@/lib/dto";
import type { DeadLetterQueueDto, PeekResultDto, RabbitExchangeDto, RabbitQueueDto } from "@/lib/rabbitmq";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths, type SeriesWindow } from "@/lib/urls";
import { rangeMs, type TimeRangeId } from "../charts/time-range";
import { usePermissions } from "../queries";
import { useSnapshotList } from "../use-snapshot-list";

export const useRabbitQueues = (source: string) => useSnapshotList<RabbitQueueDto>(source, "queues");

/**
 * One queue, from the collector's snapshot list (no broker call per poll). Only when the snapshot
 * does not hold it (just declared, or the listing was cut) is the live detail read, once.
 */
export function useRabbitQueue(source: string, queue: string) {
  const list = useRabbitQueues(source);
  const row = list.data?.items.find((q) => q.id === queue);
  const live = useQuery({
    queryKey: queryKeys.queue(source, queue),
    queryFn: ({ signal }) => api<RabbitQueueDto>(apiPaths.queue(source, queue), { signal }),
    enabled: list.isSuccess && !row,
  });
  if (row) return { data: row, error: null, isPending: false };
  return { data: live.data, error: live.error ?? list.error, isPending: list.isPending || live.isPending };
}

export const useDeadLetters = (source: string) => useSnapshotList<DeadLetterQueueDto>(source, "dead-letters");

export const useExchanges = (source: string, enabled = true) => useSnapshotList<RabbitExchangeDto>(source, "exchanges", enabled);

/** Peek is not polled: each peek requeues messages (redelivered flag), so it runs when asked. */
export function usePeek(source: string, queue: string, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.messages(source, queue, limit),
    queryFn: ({ signal }) => api<PeekResultDto>(apiPaths.peek(source, queue), { method: "POST", body: { limit }, signal }),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/** Chart points of one metric; `seriesUrl` builds a queue's or a vhost's series URL (lib/urls.ts). */
export function useSeries(source: string, entityKey: string, seriesUrl: (w: SeriesWindow) => string, metric: string, range: TimeRangeId) {
  return useQuery({
    queryKey: queryKeys.series(source, entityKey, metric, range),
    queryFn: ({ signal }) => {
      const to = Date.now();
      return api<{ points: SeriesPointDto[]; from: number; to: number }>(seriesUrl({ metric, from: to - rangeMs(range), to }), { signal });
    },
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

/** Operators and admins may act, unless the server runs read-only. */
export const useCanAct = (): boolean => usePermissions().canAct;

/**
 * After an action: lists, the queue and the dead letters are stale. A peek is not refetched:
 * each peek requeues messages (redelivered, and counted by quorum queues), so it runs only when asked.
 */
export function useInvalidateSource(source: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: queryKeys.source(source), predicate: (q) => q.queryKey[4] !== "messages" });
}
