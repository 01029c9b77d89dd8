"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { POLL } from "@/lib/polling";
import { apiPaths } from "@/lib/urls";
import { Button } from "./ui/button";

export interface OperationDto {
  id: string;
  kind: string;
  /** interrupted: QueueDeck stopped while it ran; `error` says what that left behind. */
  status: "running" | "done" | "failed" | "cancelled" | "interrupted";
  done: number;
  total: number;
  failed: number;
  skipped: number;
  error?: string;
  note?: string;
  /** The QueueDeck replica running it, when several share one database. */
  replica?: string;
  /** Cancel asked for; the replica running it stops it shortly. */
  cancelRequested?: boolean;
}

/** Progress bar, cancel and final report of a background operation (replay, retry-all, search...). */
export function OperationProgress({ id, onFinished }: { id: string; onFinished?: (op: OperationDto) => void }) {
  const qc = useQueryClient();
  const { data: op } = useQuery({
    queryKey: queryKeys.operation(id),
    queryFn: async ({ signal }) => {
      const o = await api<OperationDto>(apiPaths.operation(id), { signal });
      if (o.status !== "running") onFinished?.(o);
      return o;
    },
    refetchInterval: (q) => (q.state.data?.status === "running" || !q.state.data ? POLL.operation : false),
  });
  const cancel = useMutation({
    mutationFn: () => api(apiPaths.operationCancel(id), { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.operation(id) }),
  });
  if (!op) return <p className="text-sm text-slate-500">Starting…</p>;
  const bar = op.status === "failed" ? "bg-red-500" : op.status === "interrupted" ? "bg-amber-500" : "bg-indigo-600";
  const pct = op.total > 0 ? Math.min(100, Math.round(((op.done + op.failed + op.skipped) / op.total) * 100)) : op.status === "running" ? 0 : 100;
  return (
    <div className="space-y-2 text-sm" data-testid="operation" data-status={op.status}>
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium">
          {op.kind} · {op.status}
        </span>
        {op.status === "running" && op.cancelRequested && (
          <span className="text-xs text-slate-500" data-testid="operation-cancel-requested">
            Cancel requested…
          </span>
        )}
        {op.status === "running" && !op.cancelRequested && (
          <Button variant="secondary" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            Cancel
          </Button>
        )}
      </div>
      <div className="h-2 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div className={`h-full ${bar} transition-all`} style={{ width: `${pct}%` }} />
      </div>
      <p className="text-slate-600 dark:text-slate-300" data-testid="operation-report">
        {op.done} done{op.total ? ` of ${op.total}` : ""}, {op.skipped} skipped, {op.failed} failed
      </p>
      {op.note && <p className="text-xs text-slate-500">{op.note}</p>}
      {op.replica && (
        <p className="text-xs text-slate-500" data-testid="operation-replica">
          {op.status === "running" ? "Runs" : "Ran"} on replica {op.replica}
        </p>
      )}
      {op.error && op.status === "interrupted" && (
        <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="operation-interrupted">
          {op.error}
        </p>
      )}
      {op.error && op.status !== "interrupted" && <p className="text-xs text-red-600 dark:text-red-400">{op.error}</p>}
    </div>
  );
}
