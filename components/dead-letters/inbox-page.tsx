"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";
import type { InboxDto, InboxItemDto } from "@/lib/dead-letters";
import { formatNumber, formatRelative, KIND_LABEL, plural } from "@/lib/format";
import { pages } from "@/lib/urls";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { InboxFilters } from "./inbox-filters";
import { useInbox, type InboxFilter } from "./queries";
import { ReasonActionButton, ReasonActionDialog } from "./reason-action";
import type { ReasonGroup } from "@/lib/error-signature";
import { usePermissions } from "../queries";

const LINK = "text-indigo-700 hover:underline dark:text-indigo-300";
const FILTER_KEYS = ["source", "kind", "origin", "reason"] as const;

/** The filter lives in the URL: a copied link opens the same inbox. */
function useInboxFilter(): [InboxFilter, (f: InboxFilter) => void] {
  const params = useSearchParams();
  const [filter, setFilter] = useState<InboxFilter>(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)));
  const set = useCallback((f: InboxFilter) => {
    setFilter(f);
    window.history.replaceState(null, "", pages.inbox(f));
  }, []);
  return [filter, set];
}

function Growth({ perHour }: { perHour: number | null }) {
  if (perHour === null) return <span className="text-slate-400" title="Not enough history yet (a minute at least)">–</span>;
  if (perHour > 0) return <span className="font-medium text-red-700 dark:text-red-400">+{formatNumber(perHour)}/h</span>;
  if (perHour < 0) return <span className="text-emerald-700 dark:text-emerald-400">{formatNumber(perHour)}/h</span>;
  return <span className="text-slate-500">steady</span>;
}

function Reasons({ item, onPick, onAct }: { item: InboxItemDto; onPick: (signature: string) => void; onAct?: (reason: ReasonGroup) => void }) {
  if (!item.reasons.length) return <span className="text-xs text-slate-500">{item.reasonsNote ?? "no reason known"}</span>;
  return (
    <div className="space-y-0.5">
      <ul className="space-y-0.5 text-xs">
        {item.reasons.map((r) => (
          <li key={r.signature} className="flex items-start justify-between gap-2 break-words" data-testid="inbox-reason-group">
            <span className="min-w-0" data-testid="inbox-reason">
              <span className="font-semibold tabular-nums">{formatNumber(r.count)}×</span>{" "}
              <button type="button" className="text-left hover:underline" title={`e.g. ${r.example}\n(show only this reason)`} onClick={() => onPick(r.signature)}>
                {r.signature}
              </button>
            </span>
            {onAct && <ReasonActionButton item={item} reason={r} onAct={() => onAct(r)} />}
          </li>
        ))}
      </ul>
      {item.reasonsNote && <p className="text-[11px] text-slate-400">{item.reasonsNote}</p>}
    </div>
  );
}


function Summary({ data }: { data: InboxDto }) {
  const total = data.items.reduce((n, i) => n + i.count, 0);
  const growing = data.items.filter((i) => (i.growthPerHour ?? 0) > 0).length;
  const down = data.sources.filter((s) => s.status === "down");
  return (
    <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="inbox-summary">
      {plural(total, "dead letter")} in {plural(data.items.length, "place")} across {plural(data.sources.length, "source")}
      {growing > 0 && <span className="font-medium text-red-700 dark:text-red-400"> · {growing} growing</span>}
      {down.length > 0 && <span className="text-amber-700 dark:text-amber-400"> · {down.map((s) => s.name).join(", ")} down: their last known letters are shown</span>}
    </p>
  );
}

/** Every source's dead letters in one list: growing first, then the largest. */
export function InboxPage() {
  const [filter, setFilter] = useInboxFilter();
  const inbox = useInbox(filter);
  const { canAct } = usePermissions();
  const [acting, setActing] = useState<{ item: InboxItemDto; reason: ReasonGroup } | null>(null);
  const columns: Column<InboxItemDto>[] = [
    {
      id: "where",
      header: "Dead letters",
      rowHeader: true,
      sortValue: (i) => i.where,
      cell: (i) => (
        <div className="min-w-0">
          <Link href={i.href} className={`break-all font-mono text-xs ${LINK}`}>
            {i.where}
          </Link>
          <div className="text-xs text-slate-500">
            {i.sourceName} · {KIND_LABEL[i.kind]}
          </div>
        </div>
      ),
    },
    { id: "origin", header: "From", sortValue: (i) => i.origin ?? "", cell: (i) => <span className="break-all text-xs">{i.origin ?? <span className="text-slate-400">unknown</span>}</span> },
    { id: "count", header: "Count", align: "right", descFirst: true, sortValue: (i) => i.count, cell: (i) => <span data-testid="inbox-count">{formatNumber(i.count)}</span> },
    { id: "growth", header: "Last hour", align: "right", descFirst: true, sortValue: (i) => i.growthPerHour ?? -Infinity, cell: (i) => <Growth perHour={i.growthPerHour} /> },
    {
      id: "oldest",
      header: "Oldest",
      sortValue: (i) => (i.oldestAt ? Date.parse(i.oldestAt) : Infinity),
      cell: (i) => (i.oldestAt ? <span title={i.oldestAt}>{formatRelative(i.oldestAt)}</span> : <span className="text-slate-400">–</span>),
    },
    { id: "reasons", header: "Top reasons", cell: (i) => <Reasons item={i} onPick={(signature) => setFilter({ ...filter, reason: signature })} onAct={canAct ? (reason) => setActing({ item: i, reason }) : undefined} /> },
  ];
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-xl font-semibold">Dead letters</h1>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          RabbitMQ dead-letter queues, Kafka dead-letter topics, BullMQ failed jobs and Celery failed tasks, from every source. Replay or retry a reason group
          here, or open a row to act on its source&apos;s page: both take that source&apos;s loss-free path.
        </p>
      </div>
      {acting && <ReasonActionDialog item={acting.item} reason={acting.reason} onClose={() => setActing(null)} />}
      <InboxFilters key={JSON.stringify(filter)} filter={filter} sources={inbox.data?.sources ?? []} onChange={setFilter} />
      <QueryView
        query={inbox}
        loading="Reading every source's dead letters"
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyState title={Object.values(filter).some(Boolean) ? "No dead letters match these filters" : "No dead letters anywhere"}>
            <ul className="mt-2 space-y-1 text-left text-xs" data-testid="inbox-watched">
              {(inbox.data?.sources ?? []).map((s) => (
                <li key={s.source}>
                  <span className="font-medium">{s.name}</span> ({KIND_LABEL[s.kind]}, {s.status}): watching {s.watches}
                </li>
              ))}
            </ul>
          </EmptyState>
        }
      >
        {(d) => (
          <div className="space-y-2">
            <Summary data={d} />
            <DataTable label="Dead letters" rows={d.items} rowKey={(i) => i.id} rowTestId={(i) => `inbox-row-${i.kind}`} columns={columns} minWidth="56rem" />
          </div>
        )}
      </QueryView>
    </div>
  );
}
