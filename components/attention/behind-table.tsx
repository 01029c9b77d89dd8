"use client";

import Link from "next/link";
import { useState } from "react";
import type { ConsumerBehindDto, Trend } from "@/lib/attention";
import { formatNumber, formatSeconds, KIND_LABEL } from "@/lib/format";
import { DataTable, type Column } from "../ui/data-table";

const SHOWN = 10;
const TREND: Record<Trend, { mark: string; cls: string }> = {
  rising: { mark: "↑ rising", cls: "text-red-700 dark:text-red-400" },
  falling: { mark: "↓ falling", cls: "text-emerald-700 dark:text-emerald-400" },
  stable: { mark: "→ stable", cls: "text-slate-500" },
};

/** One number for every consumer of every kind: how far behind it is, where it is heading, when it catches up. */
export function BehindTable({ rows }: { rows: ConsumerBehindDto[] }) {
  const [all, setAll] = useState(false);
  const columns: Column<ConsumerBehindDto>[] = [
    {
      id: "name",
      header: "Consumer of",
      rowHeader: true,
      sortValue: (r) => r.name,
      cell: (r) => (
        <div className="min-w-0">
          <Link href={r.href} className="break-all font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
            {r.name}
          </Link>
          <div className="text-xs text-slate-500">
            {r.sourceName} · {KIND_LABEL[r.kind]}
          </div>
        </div>
      ),
    },
    { id: "backlog", header: "Backlog", align: "right", descFirst: true, sortValue: (r) => r.backlog, cell: (r) => formatNumber(r.backlog) },
    {
      id: "behind",
      header: "Behind",
      align: "right",
      descFirst: true,
      sortValue: (r) => (r.stalled ? Infinity : (r.secondsBehind ?? -1)),
      cell: (r) => (
        <span title={r.basis} data-testid="behind-seconds">
          {r.stalled ? <span className="font-medium text-red-700 dark:text-red-400">stalled</span> : formatSeconds(r.secondsBehind)}
        </span>
      ),
    },
    { id: "trend", header: "Trend (5 min)", sortValue: (r) => r.trend ?? "", cell: (r) => (r.trend ? <span className={TREND[r.trend].cls}>{TREND[r.trend].mark}</span> : <span className="text-slate-400">–</span>) },
    { id: "drain", header: "Drains in", align: "right", sortValue: (r) => r.timeToDrainSeconds ?? Infinity, cell: (r) => (r.timeToDrainSeconds === null ? <span className="text-slate-400" title="Not shrinking at the current rates">never</span> : formatSeconds(r.timeToDrainSeconds)) },
  ];
  if (!rows.length) return <p className="text-sm text-slate-500 dark:text-slate-400">No consumer has a backlog.</p>;
  return (
    <div className="space-y-1">
      <DataTable label="Time behind" rows={all ? rows : rows.slice(0, SHOWN)} rowKey={(r) => r.id} columns={columns} minWidth="40rem" />
      {rows.length > SHOWN && (
        <button type="button" className="text-xs text-indigo-700 hover:underline dark:text-indigo-300" onClick={() => setAll((a) => !a)}>
          {all ? "Show the furthest behind only" : `Show all ${rows.length}`}
        </button>
      )}
    </div>
  );
}
