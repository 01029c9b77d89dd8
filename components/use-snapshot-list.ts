"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { POLL } from "@/lib/polling";
import { queryKeys, type SnapshotListName } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";

/** A list the server serves from its collector snapshot: polling it costs the brokers nothing. */
export function useSnapshotList<T>(sourceId: string, list: SnapshotListName, enabled = true) {
  return useQuery({
    queryKey: queryKeys.list(sourceId, list),
    queryFn: ({ signal }) => api<{ items: T[]; sampledAt?: string }>(apiPaths.list(sourceId, list), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
    enabled,
  });
}
