import type { RabbitQueueDto } from "@/lib/rabbitmq";

const base = "inline-flex shrink-0 items-center rounded px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide";

/** DLQ / retry / DLX markers for a queue row. */
export function DeadLetterBadge({ q }: { q: Pick<RabbitQueueDto, "deadLetter"> }) {
  const d = q.deadLetter;
  if (d.isDeadLetterQueue) {
    return (
      <span className={`${base} bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300`} title={`dead letters of ${d.origins.join(", ")}`}>
        DLQ
      </span>
    );
  }
  if (d.retry) return <span className={`${base} bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300`} title={`delays messages back into ${d.target}`}>retry</span>;
  if (d.exchange !== null) {
    return (
      <span className={`${base} bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300`} title={`dead-letters to ${d.target ?? "(no queue bound)"} via ${d.exchange || "the default exchange"} (${d.configuredBy})`}>
        DLX
      </span>
    );
  }
  return null;
}
