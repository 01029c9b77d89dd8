"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api-client";
import type { AlertEventDto, AlertsDto, DeliveryDto, FiringAlertDto } from "@/lib/alerts";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { Button } from "../ui/button";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState } from "../ui/states";
import { SeverityBadge, StateBadge, where } from "./alert-badges";
import { RulesAdmin } from "./rules-admin";
import { WebhooksAdmin } from "./webhooks-admin";

const PAGE = 50;

export function AlertsPage({ isAdmin }: { isAdmin: boolean }) {
  // Cursors of the pages seen, so "Newer" goes back without keeping every page.
  const [cursors, setCursors] = useState<number[]>([]);
  const cursor = cursors[cursors.length - 1];
  const alerts = useQuery({
    queryKey: queryKeys.alerts(cursor),
    queryFn: ({ signal }) => api<AlertsDto>(apiPaths.alerts({ limit: PAGE, ...(cursor ? { cursor } : {}) }), { signal }),
    refetchInterval: POLL.lists,
  });
  return (
    <div className="space-y-8">
      <h1 className="text-xl font-semibold">Alerts</h1>
      <section className="space-y-3" aria-label="Firing now">
        <h2 className="text-lg font-medium">Firing now</h2>
        <QueryView
          query={alerts}
          isEmpty={(d) => !d.firing.length}
          empty={
            <EmptyState title="Nothing is firing">
              Rules are checked after every collector tick against that tick&apos;s numbers.{isAdmin ? " Add rules below." : ""}
            </EmptyState>
          }
        >
          {(d) => <DataTable label="Firing alerts" rows={d.firing} columns={firingColumns} rowKey={(a) => `${a.ruleId}/${a.source}/${a.entity}`} />}
        </QueryView>
      </section>
      <section className="space-y-3" aria-label="History">
        <h2 className="text-lg font-medium">History</h2>
        <QueryView query={alerts} isEmpty={(d) => !d.history.items.length && !cursor} empty="No alert has fired yet">
          {(d) => (
            <>
              <DataTable label="Alert history" rows={d.history.items} columns={historyColumns} rowKey={(e) => String(e.id)} />
              <div className="flex gap-2">
                <Button disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))}>Newer</Button>
                <Button disabled={d.history.nextCursor === undefined} onClick={() => d.history.nextCursor && setCursors((c) => [...c, d.history.nextCursor!])}>Older</Button>
              </div>
            </>
          )}
        </QueryView>
      </section>
      {isAdmin && (
        <>
          <RulesAdmin />
          <WebhooksAdmin />
        </>
      )}
    </div>
  );
}

const condition = (a: { metric: string; op: string; threshold: number }) => `${a.metric} ${a.op} ${a.threshold}`;

const firingColumns: Column<FiringAlertDto>[] = [
  { header: "Severity", sortValue: (a) => ["critical", "warning", "info"].indexOf(a.severity), cell: (a) => <SeverityBadge severity={a.severity} /> },
  { header: "Rule", rowHeader: true, sortValue: (a) => a.name, cell: (a) => a.name },
  { header: "Where", sortValue: (a) => where(a.source, a.entity), cell: (a) => where(a.source, a.entity) },
  { header: "Condition", className: "font-mono text-xs", cell: condition },
  { header: "Value", align: "right", sortValue: (a) => a.value, descFirst: true, cell: (a) => a.value.toLocaleString() },
  { header: "Since", sortValue: (a) => a.since, cell: (a) => <RelativeTime iso={a.since} /> },
];

const historyColumns: Column<AlertEventDto>[] = [
  { header: "When", className: "text-xs", cell: (e) => new Date(e.at).toLocaleString() },
  { header: "State", cell: (e) => <StateBadge state={e.state} /> },
  { header: "Severity", cell: (e) => <SeverityBadge severity={e.severity} /> },
  { header: "Rule", rowHeader: true, cell: (e) => e.name },
  { header: "Where", cell: (e) => where(e.source, e.entity) },
  { header: "Value", align: "right", cell: (e) => `${e.value.toLocaleString()} (${condition(e)})` },
  { header: "Deliveries", className: "text-xs", cell: (e) => (e.deliveries.length ? e.deliveries.map((d) => <Delivery key={d.webhookId} d={d} />) : <span className="text-slate-500">no webhook</span>) },
];

function Delivery({ d }: { d: DeliveryDto }) {
  const color = d.status === "delivered" ? "text-emerald-700 dark:text-emerald-400" : d.status === "failed" ? "text-red-700 dark:text-red-400" : "text-slate-500";
  return (
    <div className={color} title={d.error}>
      {d.webhook}: {d.status}
      {d.attempts > 1 ? ` after ${d.attempts} tries` : ""}
      {d.status !== "delivered" && d.error ? ` (${d.error})` : ""}
    </div>
  );
}
