"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { CeleryTaskDetailDto, CeleryTaskPageDto, CeleryTaskStatsDto } from "@/lib/celery";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { apiQueryOf, type TaskFilter } from "./task-filter";
import { isFinalState } from "./task-states";

// Data hooks of the task history: the list (pages by cursor), one task, the per-minute stats, retry.

/** Where an older page starts, and the window the first page was read with (a moving "last hour" must not shift under it). */
interface PageParam {
  cursor: string;
  from?: number;
  to?: number;
}

/**
 * Newest first, older pages on demand. Only the newest page polls: once older pages are loaded
 * the person is reading history, and refetching every page each tick would cost the store for nothing.
 */
export function useTaskPages(sourceId: string, filter: TaskFilter, limit = 50) {
  const qc = useQueryClient();
  const queryKey = queryKeys.celeryTaskPages(sourceId, JSON.stringify({ ...filter, limit }));
  const query = useInfiniteQuery({
    queryKey,
    initialPageParam: null as PageParam | null,
    queryFn: async ({ pageParam, signal }) => {
      const query = pageParam ? { ...apiQueryOf(filter, Date.now()), ...pageParam } : apiQueryOf(filter, Date.now());
      const page = await api<CeleryTaskPageDto>(apiPaths.tasks(sourceId, { ...query, limit }), { signal });
      return { ...page, from: query.from, to: query.to };
    },
    getNextPageParam: (last): PageParam | undefined => (last.nextCursor ? { cursor: last.nextCursor, from: last.from, to: last.to } : undefined),
    refetchInterval: (q) => ((q.state.data?.pages.length ?? 0) <= 1 ? POLL.lists : false),
    placeholderData: keepPreviousData,
  });
  /** Drops the older pages and reads the newest again: back to the live view. */
  const toNewest = () => {
    qc.setQueryData<typeof query.data>(queryKey, (d) => d && { pages: d.pages.slice(0, 1), pageParams: d.pageParams.slice(0, 1) });
    void query.refetch();
  };
  return { ...query, toNewest };
}

/** One task; polled until it reaches a final state (then only a retry or a revoke changes it, and those refresh it). */
export function useTaskDetail(sourceId: string, taskId: string) {
  return useQuery({
    queryKey: queryKeys.celeryTask(sourceId, taskId),
    queryFn: ({ signal }) => api<CeleryTaskDetailDto>(apiPaths.task(sourceId, taskId), { signal }),
    refetchInterval: (query) => (query.state.data && isFinalState(query.state.data.state) ? false : POLL.lists),
  });
}

/** Per-minute stats over [now - ms, now], taken at each fetch so polling moves the window. */
export function useTaskStats(sourceId: string, name: string, range: string, ms: number) {
  return useQuery({
    queryKey: queryKeys.celeryTaskStats(sourceId, name, range),
    queryFn: async ({ signal }) => {
      const to = Date.now();
      const from = to - ms;
      const stats = await api<CeleryTaskStatsDto>(apiPaths.taskStats(sourceId, { name: name || undefined, from, to }), { signal });
      return { ...stats, from, to };
    },
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

/** POST .../tasks/{id}/retry: the same task sent again; the answer names the new task. */
export function useRetryTask(sourceId: string, taskId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ taskId: string }>(apiPaths.taskRetry(sourceId, taskId), { method: "POST", body: {} }),
    // The original now lists the retry in retriedAs; the list gains a row.
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.list(sourceId, "tasks") }),
  });
}
