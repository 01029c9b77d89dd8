"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { api } from "@/lib/api-client";
import type { AuditEntry, Me, SourceSummary } from "@/lib/dto";
import { queryKeys } from "@/lib/query-keys";
import { POLL } from "@/lib/polling";
import { apiPaths } from "@/lib/urls";

export function useSources() {
  return useQuery<SourceSummary[]>({
    queryKey: queryKeys.sources(),
    queryFn: ({ signal }) => api<{ items: SourceSummary[] }>(apiPaths.sources(), { signal }).then((r) => r.items),
    refetchInterval: POLL.sources,
    placeholderData: keepPreviousData,
  });
}

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => api<Me>(apiPaths.session(), { signal }),
    staleTime: 60_000,
  });
}

export function useAudit(filter: { source?: string; action?: string; cursor?: number } = {}) {
  return useQuery<{ items: AuditEntry[]; nextCursor?: number }>({
    queryKey: queryKeys.audit(filter),
    queryFn: ({ signal }) =>
      api<{ items: AuditEntry[]; nextCursor?: number }>(apiPaths.audit({ limit: 100, ...filter }), { signal }),
    // Only the newest page moves; older pages are history.
    refetchInterval: filter.cursor ? false : POLL.audit,
    placeholderData: keepPreviousData,
  });
}

/**
 * Who may act on `sourceId` (by default the source of the page's URL, /sources/{source}/...):
 * operators and admins of that source, unless QueueDeck runs read-only; `why` says why not.
 */
export function usePermissions(sourceId?: string): { canAct: boolean; canAdmin: boolean; loading?: boolean; why?: string } {
  const { data: me } = useMe();
  const params = useParams<{ source?: string }>();
  const id = sourceId ?? (params?.source ? decodeURIComponent(params.source) : undefined);
  if (!me) return { canAct: false, canAdmin: false, loading: true };
  if (me.readOnly) return { canAct: false, canAdmin: false, why: "QueueDeck runs in read-only mode" };
  const role = id !== undefined ? me.sources[id] : (me.role ?? undefined);
  if (!role || role === "viewer") return { canAct: false, canAdmin: false, why: id !== undefined ? `you are a viewer on ${id}` : "viewers cannot change queues" };
  return { canAct: true, canAdmin: role === "admin" };
}
