import type { AlertSeverity } from "@/lib/alerts";

const SEVERITY: Record<AlertSeverity, string> = {
  critical: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  warning: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  info: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
};

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${SEVERITY[severity]}`}>{severity}</span>;
}

export function StateBadge({ state }: { state: "firing" | "resolved" }) {
  return state === "firing" ? (
    <span className="rounded bg-red-600 px-1.5 py-0.5 text-xs font-medium text-white">firing</span>
  ) : (
    <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">resolved</span>
  );
}

/** `orders` on `rabbit`, or the source alone for a source-wide metric. */
export const where = (source: string, entity: string) => (entity ? `${source} / ${entity}` : source);
