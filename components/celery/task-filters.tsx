"use client";

import { useRouter } from "next/navigation";
import { useState, type ClipboardEvent, type FormEvent } from "react";
import { CELERY_STATES, type CeleryState } from "@/lib/celery";
import { pages } from "@/lib/urls";
import { TIME_RANGES } from "../charts/time-range";
import { Field, fieldCls } from "../rabbitmq/form";
import { Button } from "../ui/button";
import { hasFilter, isoOfLocalInput, localInputOf, looksLikeTaskId, NO_FILTER, type Since, type TaskFilter } from "./task-filter";
import { STATE_LOOK } from "./task-states";

/** The history's text search reads at least this many characters (a trigram index). */
const MIN_TEXT = 3;

/** Opens a task by its id: Enter, or simply pasting one. */
export function OpenTaskById({ sourceId }: { sourceId: string }) {
  const router = useRouter();
  const [id, setId] = useState("");
  const open = (text: string) => {
    const t = text.trim();
    if (looksLikeTaskId(t)) router.push(pages.celeryTask(sourceId, t));
  };
  return (
    <form
      className="w-full sm:w-96"
      onSubmit={(e) => {
        e.preventDefault();
        open(id);
      }}
    >
      <Field label="Task id" hint="Paste an id to open the task">
        <input
          className={`${fieldCls} font-mono`}
          value={id}
          onChange={(e) => setId(e.target.value)}
          onPaste={(e: ClipboardEvent<HTMLInputElement>) => {
            const pasted = e.clipboardData.getData("text");
            if (id === "" && looksLikeTaskId(pasted)) {
              e.preventDefault();
              setId(pasted.trim());
              open(pasted);
            }
          }}
          placeholder="e.g. 5f0c7e1a-…"
          aria-label="Task id"
          spellCheck={false}
        />
      </Field>
    </form>
  );
}

/**
 * The task list's search: states and the time range apply at once; the text fields when the
 * form is sent (Enter), so typing does not query on each key.
 */
export function TaskFilters({
  filter,
  onChange,
  names,
  workers,
}: {
  filter: TaskFilter;
  onChange: (f: TaskFilter) => void;
  /** Task names and workers seen, offered as suggestions. */
  names: string[];
  workers: string[];
}) {
  const [draft, setDraft] = useState(filter);
  const edit = (patch: Partial<TaskFilter>) => setDraft((d) => ({ ...d, ...patch }));
  const apply = (patch: Partial<TaskFilter> = {}) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    onChange(next);
  };
  const toggle = (s: CeleryState) => apply({ states: draft.states.includes(s) ? draft.states.filter((x) => x !== s) : CELERY_STATES.filter((x) => x === s || draft.states.includes(x)) });
  const shortText = draft.q.trim().length > 0 && draft.q.trim().length < MIN_TEXT;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!shortText) apply();
  };
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900" data-testid="task-filters">
      <fieldset className="flex flex-wrap items-center gap-1.5">
        <legend className="sr-only">States</legend>
        <span className="mr-1 text-sm font-medium text-slate-700 dark:text-slate-200">State</span>
        {CELERY_STATES.map((s) => {
          const on = draft.states.includes(s);
          return (
            <button
              key={s}
              type="button"
              role="checkbox"
              aria-checked={on}
              onClick={() => toggle(s)}
              title={STATE_LOOK[s].hint}
              className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-[11px] font-semibold tracking-wide transition-colors ${on ? `${STATE_LOOK[s].badge} border-transparent ring-2 ring-indigo-500/60` : "border-slate-300 text-slate-500 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-400 dark:hover:bg-slate-800"}`}
            >
              <span className={`h-1.5 w-1.5 rounded-full ${STATE_LOOK[s].dot}`} aria-hidden />
              {s}
            </button>
          );
        })}
        {draft.states.length > 0 && (
          <button type="button" className="ml-1 text-xs text-slate-500 underline" onClick={() => apply({ states: [] })}>
            any state
          </button>
        )}
      </fieldset>
      <form className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" onSubmit={submit} aria-label="Search tasks">
        <Field label="Task name">
          <input className={`${fieldCls} font-mono`} value={draft.name} onChange={(e) => edit({ name: e.target.value })} list="celery-history-names" placeholder="demo.add" aria-label="Task name" />
          <datalist id="celery-history-names">
            {names.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </Field>
        <Field label="Worker">
          <input className={`${fieldCls} font-mono`} value={draft.worker} onChange={(e) => edit({ worker: e.target.value })} list="celery-history-workers" placeholder="w1@host" aria-label="Worker" />
          <datalist id="celery-history-workers">
            {workers.map((w) => (
              <option key={w} value={w} />
            ))}
          </datalist>
        </Field>
        <Field label="Text" hint={shortText ? `At least ${MIN_TEXT} characters` : "In args, kwargs and exceptions, or an id's start"}>
          <input
            className={fieldCls}
            value={draft.q}
            onChange={(e) => edit({ q: e.target.value })}
            placeholder="order 42, TimeoutError…"
            aria-label="Text"
            aria-invalid={shortText}
            maxLength={200}
          />
        </Field>
        <Field label="When">
          <select className={fieldCls} value={draft.since} onChange={(e) => (e.target.value === "custom" ? edit({ since: "custom" }) : apply({ since: e.target.value as Since }))} aria-label="When">
            <option value="">Any time</option>
            {TIME_RANGES.map((r) => (
              <option key={r.id} value={r.id}>
                Last {r.label}
              </option>
            ))}
            <option value="custom">Between…</option>
          </select>
        </Field>
        {draft.since === "custom" && (
          <>
            <Field label="From (local time)">
              <input className={fieldCls} type="datetime-local" value={localInputOf(draft.from)} onChange={(e) => edit({ from: isoOfLocalInput(e.target.value) })} aria-label="From" />
            </Field>
            <Field label="To (local time)">
              <input className={fieldCls} type="datetime-local" value={localInputOf(draft.to)} onChange={(e) => edit({ to: isoOfLocalInput(e.target.value) })} aria-label="To" />
            </Field>
          </>
        )}
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
          <Button type="submit" variant="primary" disabled={shortText}>
            Search
          </Button>
          {hasFilter(draft) && (
            <Button type="button" variant="ghost" onClick={() => apply(NO_FILTER)}>
              Clear filters
            </Button>
          )}
        </div>
      </form>
    </div>
  );
}
