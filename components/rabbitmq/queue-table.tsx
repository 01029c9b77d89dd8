"use client";

import Link from "next/link";
import { useMemo } from "react";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { formatNumber } from "@/lib/format";
import { pages } from "@/lib/urls";
import { DataTable, type Column } from "../ui/data-table";
import { sortFromParam, sortToParam } from "../ui/table-sort";
import { useUrlState } from "../use-url-state";
import { EmptyState } from "../ui/states";
import { DeadLetterBadge } from "./badges";

const DEAD_LETTER_FILTERS = ["all", "dlq", "dlq-nonempty", "has-dlx"] as const;
type DeadLetterFilter = (typeof DEAD_LETTER_FILTERS)[number];

const rate = (n: number) => (n === 0 ? "0" : n < 10 ? n.toFixed(1) : formatNumber(n));
const inputCls = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

/** Every queue of the source: filter by name, vhost, type and dead letters; sort; virtualized rows. */
export function QueueTable({ source, queues }: { source: string; queues: RabbitQueueDto[] }) {
  // In the URL: ?filter=orders&vhost=%2F&type=quorum&dl=dlq&sort=-depth
  const [name, setName] = useUrlState("filter", "");
  const [vhost, setVhost] = useUrlState("vhost", "");
  const [type, setType] = useUrlState("type", "");
  const [dl, setDl] = useUrlState<DeadLetterFilter>("dl", "all", DEAD_LETTER_FILTERS);
  const [sortParam, setSortParam] = useUrlState("sort", "-depth");
  const sort = sortFromParam(sortParam);
  const vhosts = useMemo(() => [...new Set(queues.map((q) => q.vhost))].sort(), [queues]);
  const types = useMemo(() => [...new Set(queues.map((q) => q.type))].sort(), [queues]);

  const rows = useMemo(() => {
    const needle = name.trim().toLowerCase();
    return queues
      .filter(
        (q) =>
          (!needle || q.name.toLowerCase().includes(needle)) &&
          (!vhost || q.vhost === vhost) &&
          (!type || q.type === type) &&
          (dl === "all" ||
            (dl === "dlq" && q.deadLetter.isDeadLetterQueue) ||
            (dl === "dlq-nonempty" && q.deadLetter.isDeadLetterQueue && (q.depth ?? 0) > 0) ||
            (dl === "has-dlx" && q.deadLetter.exchange !== null)),
      )
      // By name first: the table's sort is stable, so rows that tie stay in name order.
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [queues, name, vhost, type, dl]);

  const columns: Column<RabbitQueueDto>[] = [
    {
      id: "name",
      header: "Queue",
      width: "auto",
      sortValue: (q) => q.name,
      cell: (q) => (
        <span className="flex items-center gap-2">
          <Link href={pages.rabbitQueue(source, q.vhost, q.name)} className="truncate font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300" title={q.name}>
            {q.name}
          </Link>
          <DeadLetterBadge q={q} />
        </span>
      ),
    },
    { id: "vhost", header: "Vhost", width: "9rem", sortValue: (q) => q.vhost, cell: (q) => <span className="font-mono text-xs" title={q.vhost}>{q.vhost}</span> },
    { id: "type", header: "Type", width: "5.5rem", sortValue: (q) => q.type, cell: (q) => <span className="text-xs">{q.type}</span> },
    { id: "depth", header: "Messages", width: "7rem", align: "right", descFirst: true, sortValue: (q) => q.depth ?? -1, cell: (q) => formatNumber(q.depth ?? undefined) },
    { id: "unacked", header: "Unacked", width: "6.5rem", align: "right", descFirst: true, sortValue: (q) => q.unacked ?? -1, cell: (q) => formatNumber(q.unacked ?? undefined) },
    { id: "consumers", header: "Consumers", width: "7.5rem", align: "right", descFirst: true, sortValue: (q) => q.consumers ?? -1, cell: (q) => formatNumber(q.consumers ?? undefined) },
    { id: "in", header: "In/s", width: "5.5rem", align: "right", descFirst: true, sortValue: (q) => q.rates.in, cell: (q) => rate(q.rates.in) },
    { id: "out", header: "Out/s", width: "5.5rem", align: "right", descFirst: true, sortValue: (q) => q.rates.out, cell: (q) => rate(q.rates.out) },
  ];

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2" role="search">
        <input className={`${inputCls} min-w-0 flex-1 sm:max-w-xs`} placeholder="Filter by name" value={name} onChange={(e) => setName(e.target.value)} aria-label="Filter by name" />
        <select className={inputCls} value={vhost} onChange={(e) => setVhost(e.target.value)} aria-label="Vhost">
          <option value="">All vhosts</option>
          {vhosts.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
        <select className={inputCls} value={type} onChange={(e) => setType(e.target.value)} aria-label="Type">
          <option value="">All types</option>
          {types.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <select className={inputCls} value={dl} onChange={(e) => setDl(e.target.value as DeadLetterFilter)} aria-label="Dead letters">
          <option value="all">Any dead-letter role</option>
          <option value="dlq">Dead-letter queues</option>
          <option value="dlq-nonempty">Holding dead letters</option>
          <option value="has-dlx">Dead-lettering somewhere</option>
        </select>
        <span className="ml-auto text-xs text-slate-500" data-testid="queue-count">
          {rows.length === queues.length ? `${formatNumber(queues.length)} queues` : `${formatNumber(rows.length)} of ${formatNumber(queues.length)} queues`}
        </span>
      </div>
      <DataTable
        label="Queues"
        rows={rows}
        columns={columns}
        rowKey={(q) => q.id}
        sort={sort}
        onSortChange={(s) => setSortParam(sortToParam(s))}
        rowTestId="queue-row"
        rowHref={(q) => pages.rabbitQueue(source, q.vhost, q.name)}
        minWidth="54rem"
        empty={<EmptyState title="No queue matches these filters" />}
      />
    </div>
  );
}
