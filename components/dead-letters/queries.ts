"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { InboxDto } from "@/lib/dead-letters";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";

export type InboxFilter = { source?: string; kind?: string; origin?: string; reason?: string };

export function useInbox(filter: InboxFilter) {
  return useQuery<InboxDto>({
    queryKey: queryKeys.inbox(filter),
    queryFn: ({ signal }) => api<InboxDto>(apiPaths.inbox(filter), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}
