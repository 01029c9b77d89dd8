"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { SourceSummary } from "@/lib/dto";
import { formatNumber } from "@/lib/format";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { Card } from "../ui/card";
import { EmptyState, ErrorState, Spinner } from "../ui/states";

interface QueueRow {
  id: string;
  name: string;
  depth: number;
}

/** A plain queue list for kinds without a panel of their own. */
export function GenericQueuesPanel({ source }: { source: SourceSummary }) {
  const { data, error, isPending } = useQuery({
    queryKey: queryKeys.queues(source.id),
    queryFn: ({ signal }) => api<{ items: QueueRow[] }>(`/api/v1/sources/${encodeURIComponent(source.id)}/queues`, { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
    enabled: source.capabilities.queues,
  });
  if (!source.capabilities.queues) return null;
  if (isPending) return <Spinner />;
  if (error && !data) return <ErrorState error={error} />;
  if (!data?.items.length) return <EmptyState title="No queues yet" />;
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
          <tr>
            <th className="px-3 py-2">Queue</th>
            <th className="px-3 py-2 text-right">Depth</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((q) => (
            <tr key={q.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <td className="px-3 py-2 font-mono text-xs">{q.name}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatNumber(q.depth)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
