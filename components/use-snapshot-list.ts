"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";

/** A list the server serves from its collector snapshot (topics, groups, workers, tasks). */
export function useSnapshotList<T>(sourceId: string, list: "topics" | "groups" | "workers" | "tasks") {
  return useQuery({
    queryKey: queryKeys.list(sourceId, list),
    queryFn: ({ signal }) =>
      api<{ items: T[]; sampledAt?: string }>(`/api/v1/sources/${encodeURIComponent(sourceId)}/${list}`, { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}
