"use client";

import { useState } from "react";
import { useAudit } from "./queries";
import { Button } from "./ui/button";
import { Card } from "./ui/card";
import { EmptyState, ErrorState, Spinner } from "./ui/states";

const OUTCOME = {
  ok: "text-emerald-700 dark:text-emerald-400",
  denied: "text-amber-700 dark:text-amber-400",
  failed: "text-red-700 dark:text-red-400",
} as const;

export function AuditTable({ source }: { source?: string }) {
  // Cursors of the pages above the current one, so "Newer" can walk back.
  const [cursors, setCursors] = useState<number[]>([]);
  const cursor = cursors[cursors.length - 1];
  const { data, error, isPending } = useAudit({ source, cursor });
  if (isPending) return <Spinner />;
  if (error && !data) return <ErrorState error={error} />;
  if (!data?.items.length) return <EmptyState title="Nothing audited yet">Actions and sign-ins appear here.</EmptyState>;
  return (
    <div className="space-y-2">
      <Card className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800">
            <tr>
              <th className="px-3 py-2">When</th>
              <th className="px-3 py-2">Who</th>
              <th className="px-3 py-2">Action</th>
              <th className="px-3 py-2">Source</th>
              <th className="px-3 py-2">Target</th>
              <th className="px-3 py-2">Outcome</th>
              <th className="px-3 py-2">Details</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((e) => (
              <tr key={e.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{new Date(e.at).toLocaleString()}</td>
                <td className="px-3 py-2">{e.actor}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                <td className="px-3 py-2">{e.source ?? "–"}</td>
                <td className="max-w-48 truncate px-3 py-2" title={e.target}>
                  {e.target ?? "–"}
                </td>
                <td className={`px-3 py-2 font-medium ${OUTCOME[e.outcome]}`}>{e.outcome}</td>
                <td className="max-w-72 truncate px-3 py-2 text-xs text-slate-500" title={details(e)}>
                  {details(e)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <div className="flex items-center justify-end gap-2">
        <Button disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))}>
          ← Newer
        </Button>
        <Button disabled={data.nextCursor === undefined} onClick={() => data.nextCursor !== undefined && setCursors((c) => [...c, data.nextCursor!])}>
          Older →
        </Button>
      </div>
    </div>
  );
}

function details(e: { params?: Record<string, unknown>; counts?: Record<string, number>; error?: string }): string {
  const parts: string[] = [];
  if (e.counts) parts.push(Object.entries(e.counts).map(([k, v]) => `${k}=${v}`).join(" "));
  if (e.params) parts.push(JSON.stringify(e.params));
  if (e.error) parts.push(e.error);
  return parts.join(" · ");
}
