"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { AttentionDto } from "@/lib/attention";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";

export function useAttention() {
  return useQuery<AttentionDto>({
    queryKey: queryKeys.attention(),
    queryFn: ({ signal }) => api<AttentionDto>(apiPaths.attention(), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}
