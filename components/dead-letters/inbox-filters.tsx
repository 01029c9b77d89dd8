"use client";

import { useState, type FormEvent } from "react";
import { BROKER_KINDS } from "@/lib/dto";
import type { InboxSourceDto } from "@/lib/dead-letters";
import { KIND_LABEL } from "@/lib/format";
import type { InboxFilter } from "./queries";

const FIELD = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

/** Source and kind apply at once; origin and reason on Enter (they are typed). */
export function InboxFilters({ filter, sources, onChange }: { filter: InboxFilter; sources: InboxSourceDto[]; onChange: (f: InboxFilter) => void }) {
  const [origin, setOrigin] = useState(filter.origin ?? "");
  const [reason, setReason] = useState(filter.reason ?? "");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ ...filter, origin: origin.trim() || undefined, reason: reason.trim() || undefined });
  };
  const any = Object.values(filter).some(Boolean);
  return (
    <form role="form" aria-label="Filter dead letters" onSubmit={submit} className="flex flex-wrap items-end gap-3 text-sm">
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">Source</span>
        <select className={FIELD} value={filter.source ?? ""} onChange={(e) => onChange({ ...filter, source: e.target.value || undefined })}>
          <option value="">All sources</option>
          {sources.map((s) => (
            <option key={s.source} value={s.source}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">Kind</span>
        <select className={FIELD} value={filter.kind ?? ""} onChange={(e) => onChange({ ...filter, kind: e.target.value || undefined })}>
          <option value="">All kinds</option>
          {BROKER_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">Origin</span>
        <input className={FIELD} value={origin} onChange={(e) => setOrigin(e.target.value)} placeholder="queue, topic or task" />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">Reason</span>
        <input className={FIELD} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="text of the error" />
      </label>
      <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700">
        Filter
      </button>
      {any && (
        <button
          type="button"
          className="rounded-md px-2 py-1.5 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          onClick={() => {
            setOrigin("");
            setReason("");
            onChange({});
          }}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
