"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { SeriesPointDto } from "@/lib/dto";
import type { DeadLetterQueueDto, PeekResultDto, RabbitExchangeDto, RabbitQueueDto } from "@/lib/rabbitmq";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { rangeMs, type TimeRangeId } from "../charts/time-range";
import { useMe } from "../queries";

export const sourcePath = (source: string) => `/api/v1/sources/${encodeURIComponent(source)}`;
export const queuePath = (source: string, queue: string) => `${sourcePath(source)}/queues/${encodeURIComponent(queue)}`;

type List<T> = { items: T[]; sampledAt?: string };

export function useRabbitQueues(source: string) {
  return useQuery({
    queryKey: queryKeys.queues(source),
    queryFn: ({ signal }) => api<List<RabbitQueueDto>>(`${sourcePath(source)}/queues`, { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

export function useRabbitQueue(source: string, queue: string) {
  return useQuery({
    queryKey: queryKeys.queue(source, queue),
    queryFn: ({ signal }) => api<RabbitQueueDto>(queuePath(source, queue), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

export function useDeadLetters(source: string) {
  return useQuery({
    queryKey: queryKeys.deadLetters(source),
    queryFn: ({ signal }) => api<List<DeadLetterQueueDto>>(`${sourcePath(source)}/dead-letters`, { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

export function useExchanges(source: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.exchanges(source),
    queryFn: ({ signal }) => api<List<RabbitExchangeDto>>(`${sourcePath(source)}/exchanges`, { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Peek is not polled: each peek requeues messages (redelivered flag), so it runs when asked. */
export function usePeek(source: string, queue: string, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.messages(source, queue, limit),
    queryFn: ({ signal }) => api<PeekResultDto>(`${queuePath(source, queue)}/messages?limit=${limit}`, { signal }),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/** Chart points of one metric; `path` is a queue's or a vhost's series URL. */
export function useSeries(source: string, entityKey: string, path: string, metric: string, range: TimeRangeId) {
  return useQuery({
    queryKey: queryKeys.series(source, entityKey, metric, range),
    queryFn: ({ signal }) => {
      const to = Date.now();
      return api<{ points: SeriesPointDto[]; from: number; to: number }>(`${path}?metric=${metric}&from=${to - rangeMs(range)}&to=${to}`, { signal });
    },
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

/** Operators and admins may act, unless the server runs read-only. */
export function useCanAct(): boolean {
  const { data } = useMe();
  return Boolean(data && !data.readOnly && data.role !== "viewer");
}

/** After an action: lists, the queue, its messages and the dead letters are stale. */
export function useInvalidateSource(source: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: queryKeys.source(source) });
}
