import type { CeleryWorkerDto } from "@/lib/celery";

/** Online while heartbeats arrive; offline after two missed ones. */
export function WorkerStatusBadge({ status }: { status: CeleryWorkerDto["status"] }) {
  const online = status === "online";
  return (
    <span
      data-testid="worker-status"
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${online ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" : "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300"}`}
    >
      <span className={`h-1.5 w-1.5 rounded-full ${online ? "bg-emerald-500" : "bg-slate-500"}`} aria-hidden />
      {status}
    </span>
  );
}

/** "0.52 0.40 0.31" (1, 5 and 15 minutes). */
export const formatLoadavg = (l: number[] | null): string => (l && l.length ? l.map((v) => v.toFixed(2)).join(" ") : "–");
