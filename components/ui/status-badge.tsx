import type { SourceStatus } from "@/lib/dto";

export function StatusBadge({ status, degraded }: { status: SourceStatus; degraded?: boolean }) {
  const label = status === "down" ? "down" : degraded ? "degraded" : "up";
  const style =
    label === "up"
      ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
      : label === "degraded"
        ? "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300"
        : "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300";
  const dot = label === "up" ? "bg-emerald-500" : label === "degraded" ? "bg-amber-500" : "bg-red-500";
  return (
    <span data-testid="status" data-status={label} className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${style}`}>
      <span className={`h-1.5 w-1.5 rounded-full ${dot}`} aria-hidden />
      {label}
    </span>
  );
}
