"use client";

import Link from "next/link";
import { useState } from "react";
import type { AttentionItemDto, Severity } from "@/lib/attention";
import { KIND_LABEL } from "@/lib/format";
import { Card } from "../ui/card";

const DOT: Record<Severity, string> = { critical: "bg-red-600", warning: "bg-amber-500", info: "bg-slate-400" };
const SHOWN = 8;

/** What needs attention first, across every source: ranked by the server. */
export function AttentionList({ items }: { items: AttentionItemDto[] }) {
  const [all, setAll] = useState(false);
  if (!items.length) {
    return (
      <Card className="flex items-center gap-3 p-4" data-testid="attention-clear">
        <span className="inline-block h-2.5 w-2.5 rounded-full bg-emerald-500" aria-hidden />
        <p className="text-sm">
          <span className="font-medium">Nothing needs attention.</span>{" "}
          <span className="text-slate-500 dark:text-slate-400">Every source is up; no dead letters are growing, no consumer is falling behind, no queue waits without a consumer.</span>
        </p>
      </Card>
    );
  }
  const shown = all ? items : items.slice(0, SHOWN);
  return (
    <Card className="p-0">
      <h2 className="border-b border-slate-200 px-4 py-2 text-sm font-semibold dark:border-slate-800">
        Needs attention <span className="font-normal text-slate-500">({items.length})</span>
      </h2>
      <ol className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Needs attention">
        {shown.map((i) => (
          <li key={i.id} className="flex items-start gap-3 px-4 py-2" data-testid="attention-item" data-category={i.category} data-severity={i.severity}>
            <span className={`mt-1.5 inline-block h-2.5 w-2.5 shrink-0 rounded-full ${DOT[i.severity]}`} title={i.severity} aria-label={i.severity} />
            <div className="min-w-0 flex-1">
              <Link href={i.href} className="break-words text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                {i.title}
              </Link>
              <p className="break-words text-xs text-slate-600 dark:text-slate-400">{i.detail}</p>
            </div>
            <span className="shrink-0 text-xs text-slate-500">
              {i.sourceName} · {KIND_LABEL[i.kind]}
            </span>
          </li>
        ))}
      </ol>
      {items.length > SHOWN && (
        <button type="button" className="w-full border-t border-slate-200 px-4 py-1.5 text-xs text-indigo-700 hover:bg-slate-50 dark:border-slate-800 dark:text-indigo-300 dark:hover:bg-slate-800" onClick={() => setAll((a) => !a)}>
          {all ? "Show fewer" : `Show all ${items.length}`}
        </button>
      )}
    </Card>
  );
}
