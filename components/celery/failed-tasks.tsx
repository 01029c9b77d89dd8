"use client";

import Link from "next/link";
import type { SourceSummary } from "@/lib/dto";
import type { CeleryDeadLetterDto } from "@/lib/celery";
import { formatNumber, formatRelative } from "@/lib/format";
import { pages } from "@/lib/urls";
import { useSnapshotList } from "../use-snapshot-list";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";

const LINK = "text-indigo-700 hover:underline dark:text-indigo-300";
const when = (ms: number) => <span title={new Date(ms).toISOString()}>{formatRelative(new Date(ms).toISOString())}</span>;

/** Celery's dead letters: failed tasks in the task history, by task name, with their commonest exceptions. */
export function CeleryFailedTasks({ source }: { source: SourceSummary }) {
  const failed = useSnapshotList<CeleryDeadLetterDto>(source.id, "dead-letters");
  const columns: Column<CeleryDeadLetterDto>[] = [
    {
      id: "name",
      header: "Task",
      rowHeader: true,
      sortValue: (d) => d.name,
      cell: (d) => (
        <Link href={pages.celeryTasks(source.id, { state: "FAILURE", name: d.name })} className={`font-mono text-xs ${LINK}`}>
          {d.name}
        </Link>
      ),
    },
    { id: "count", header: "Failed", align: "right", descFirst: true, sortValue: (d) => d.count, cell: (d) => <span data-testid="failed-count">{formatNumber(d.count)}</span> },
    { id: "oldest", header: "First failure", sortValue: (d) => d.oldest, cell: (d) => when(d.oldest) },
    { id: "newest", header: "Last failure", descFirst: true, sortValue: (d) => d.newest, cell: (d) => when(d.newest) },
    {
      id: "exceptions",
      header: "Top reasons",
      title: "Exception first lines with ids and numbers masked",
      cell: (d) => (
        <ul className="space-y-0.5 text-xs">
          {d.topReasons.map((r) => (
            <li key={r.signature} className="break-words" title={`e.g. ${r.example}`}>
              <span className="font-semibold">{r.count}×</span> {r.signature}
            </li>
          ))}
        </ul>
      ),
    },
  ];
  return (
    <section className="space-y-2">
      <p className="text-xs text-slate-500 dark:text-slate-400">
        Failed tasks in the task history of {source.name}, by task name. Open a name to see its failures; retry one from its task page (sent again with the same args).
      </p>
      <QueryView query={failed} isEmpty={(d) => d.items.length === 0} empty={<EmptyState title="No failed tasks in the history" />}>
        {(d) => <DataTable label="Failed tasks by name" rows={d.items} rowKey={(r) => r.id} columns={columns} defaultSort={{ column: "count", dir: "desc" }} />}
      </QueryView>
    </section>
  );
}
