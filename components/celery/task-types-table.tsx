"use client";

import type { CeleryTaskTypeDto, CeleryTaskTypeListDto } from "@/lib/celery";
import type { QueryLike } from "../ui/query-view";
import { DataTable } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";

const none = <span className="text-slate-400">none</span>;

/** One limit for every worker reads as one value; otherwise each worker's own. */
function RateLimits({ t }: { t: CeleryTaskTypeDto }) {
  const rates = new Set(t.workers.map((w) => w.rateLimit));
  if (rates.size === 1) {
    const [rate] = rates;
    return (
      <span>
        {rate ?? none}
        {rate && <span className="text-xs text-slate-500"> on each worker</span>}
      </span>
    );
  }
  return (
    <ul className="space-y-0.5 text-xs">
      {t.workers.map((w) => (
        <li key={w.worker}>
          <span className="font-mono">{w.worker}</span>: {w.rateLimit ?? none}
        </li>
      ))}
    </ul>
  );
}

/** Task types the workers registered, and each worker's rate limit: Celery counts it per worker. */
export function TaskTypesTable({ query }: { query: QueryLike<CeleryTaskTypeListDto> }) {
  return (
    <section className="space-y-2" aria-labelledby="celery-task-types">
      <h2 id="celery-task-types" className="text-lg font-medium">
        Task types
      </h2>
      <QueryView query={query} isEmpty={(d) => !d.items.length} empty={<EmptyState title="No task types">No worker answered with its registered tasks.</EmptyState>}>
        {(d) => (
          <>
            <DataTable
              label="Task types"
              rows={d.items}
              rowKey={(t) => t.id}
              columns={[
                { header: "Task type", rowHeader: true, cell: (t) => <span className="font-mono text-xs">{t.name}</span>, sortValue: (t) => t.name },
                { header: "Workers", align: "right", cell: (t) => t.workers.length, sortValue: (t) => t.workers.length, descFirst: true },
                { header: "Rate limit (per worker)", title: "Each worker applies its own limit: 3 workers at 10/m run up to 30 a minute", cell: (t) => <RateLimits t={t} /> },
              ]}
            />
            {d.noReply.length > 0 && (
              <p className="text-xs text-amber-700 dark:text-amber-300" role="status">
                No answer from {d.noReply.join(", ")}: their task types are not listed.
              </p>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
