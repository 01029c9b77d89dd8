"use client";

import { useState } from "react";
import type { AuditEntry } from "@/lib/dto";
import { useAudit, useSources } from "./queries";
import { Button } from "./ui/button";
import { DataTable, type Column } from "./ui/data-table";
import { QueryView } from "./ui/query-view";
import { EmptyState } from "./ui/states";
import { useUrlState } from "./use-url-state";

const OUTCOME = {
  ok: "text-emerald-700 dark:text-emerald-400",
  denied: "text-amber-700 dark:text-amber-400",
  failed: "text-red-700 dark:text-red-400",
} as const;

const KIND_LABEL: Record<AuditEntry["actorKind"], string> = {
  user: "user",
  token: "API token",
  "env-token": "built-in token",
  system: "system",
  anonymous: "not signed in",
};

const COLUMNS: Column<AuditEntry>[] = [
  { header: "When", className: "whitespace-nowrap font-mono text-xs", cell: (e) => new Date(e.at).toLocaleString() },
  {
    header: "Who",
    // The kind tells a token called "admin" from the user admin, and the built-in token from one named like it.
    cell: (e) => (
      <span title={e.actorId ? `${e.actorKind} ${e.actorId}` : e.actorKind}>
        {e.actor} {e.actorKind !== "user" && <span className="rounded bg-slate-100 px-1 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{KIND_LABEL[e.actorKind]}</span>}
      </span>
    ),
  },
  { header: "Action", className: "font-mono text-xs", cell: (e) => e.action },
  { header: "Source", cell: (e) => e.source ?? "–" },
  {
    header: "Target",
    className: "max-w-48 truncate",
    cell: (e) => <span title={e.target}>{e.target ?? "–"}</span>,
  },
  { header: "Outcome", cell: (e) => <span className={`font-medium ${OUTCOME[e.outcome]}`}>{e.outcome}</span> },
  { header: "Details", className: "max-w-72 truncate text-xs text-slate-500", cell: (e) => <span title={details(e)}>{details(e)}</span> },
];

const inputCls = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

/** The audit log with its filters in the URL (?source=rabbit&action=queue.purge). */
export function AuditLog() {
  const sources = useSources().data ?? [];
  const [source, setSource] = useUrlState("source", "");
  const [action, setAction] = useUrlState("action", "");
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2" role="search">
        <select className={inputCls} value={source} onChange={(e) => setSource(e.target.value)} aria-label="Source">
          <option value="">All sources</option>
          {/* A source no longer configured still has its history: keep the one asked for. */}
          {[...new Set([...sources.map((s) => s.id), ...(source ? [source] : [])])].map((id) => (
            <option key={id} value={id}>
              {sources.find((s) => s.id === id)?.name ?? id}
            </option>
          ))}
        </select>
        <input className={inputCls} placeholder="Action, e.g. queue.purge" aria-label="Action" value={action} onChange={(e) => setAction(e.target.value.trim())} maxLength={64} />
      </div>
      {/* A new filter starts at the newest page. */}
      <AuditTable key={`${source}\u0000${action}`} source={source || undefined} action={action || undefined} />
    </div>
  );
}

export function AuditTable({ source, action }: { source?: string; action?: string }) {
  // Cursors of the pages above the current one, so "Newer" can walk back.
  const [cursors, setCursors] = useState<number[]>([]);
  const cursor = cursors[cursors.length - 1];
  const audit = useAudit({ source, action, cursor });
  return (
    <QueryView query={audit} isEmpty={(d) => !d.items.length} empty={source || action ? <EmptyState title="No audit entry matches these filters" /> : <EmptyState title="Nothing audited yet">Actions and sign-ins appear here.</EmptyState>}>
      {(data) => (
        <div className="space-y-2">
          <DataTable label="Audit log" rows={data.items} columns={COLUMNS} rowKey={(e) => String(e.id)} minWidth="56rem" />
          <div className="flex items-center justify-end gap-2">
            <Button disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))}>
              ← Newer
            </Button>
            <Button disabled={data.nextCursor === undefined} onClick={() => data.nextCursor !== undefined && setCursors((c) => [...c, data.nextCursor!])}>
              Older →
            </Button>
          </div>
        </div>
      )}
    </QueryView>
  );
}

function details(e: { params?: Record<string, unknown>; counts?: Record<string, number>; error?: string }): string {
  const parts: string[] = [];
  if (e.counts) parts.push(Object.entries(e.counts).map(([k, v]) => `${k}=${v}`).join(" "));
  if (e.params) parts.push(JSON.stringify(e.params));
  if (e.error) parts.push(e.error);
  return parts.join(" · ");
}
