"use client";

import type { BullQueueDto, JobCounts } from "@/lib/bullmq";
import { formatNumber } from "@/lib/format";

export interface CleanChoice {
  state: "completed" | "failed";
  olderThanMs: number;
}

const AGES = [
  { label: "1 hour", ms: 3600_000 },
  { label: "1 day", ms: 24 * 3600_000 },
  { label: "7 days", ms: 7 * 24 * 3600_000 },
  { label: "any age", ms: 0 },
];

const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950";

/** The clean dialog's choices: which finished jobs, and how old. */
export function CleanFields({ counts, value, onChange }: { counts: JobCounts; value: CleanChoice; onChange: (v: CleanChoice) => void }) {
  return (
    <div className="space-y-3">
      <p>
        Removes {value.state} jobs that finished {value.olderThanMs ? `more than ${AGES.find((a) => a.ms === value.olderThanMs)?.label ?? `${value.olderThanMs} ms`} ago` : "at any time"}: up to{" "}
        {formatNumber(counts[value.state])} jobs.
      </p>
      <div className="grid grid-cols-2 gap-3">
        <label className="text-sm">
          Jobs
          <select className={field} value={value.state} onChange={(e) => onChange({ ...value, state: e.target.value as CleanChoice["state"] })}>
            <option value="completed">completed ({formatNumber(counts.completed)})</option>
            <option value="failed">failed ({formatNumber(counts.failed)})</option>
          </select>
        </label>
        <label className="text-sm">
          Finished more than
          <select className={field} value={value.olderThanMs} onChange={(e) => onChange({ ...value, olderThanMs: Number(e.target.value) })}>
            {AGES.map((a) => (
              <option key={a.ms} value={a.ms}>
                {a.label}
                {a.ms ? " ago" : ""}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}

/** What obliterate destroys, and the force switch when workers hold jobs. */
export function ObliterateFields({ q, force, onForce }: { q: BullQueueDto; force: boolean; onForce: (v: boolean) => void }) {
  const total = Object.values(q.counts).reduce((a, b) => a + b, 0);
  return (
    <div className="space-y-2">
      <p>
        Deletes the queue <strong className="font-mono">{q.name}</strong> and all {formatNumber(total)} of its jobs, with their data and logs. This cannot be
        undone.
      </p>
      {q.counts.active > 0 && (
        <label className="flex items-start gap-2 rounded-md bg-red-50 p-2 text-red-800 dark:bg-red-950 dark:text-red-300">
          <input type="checkbox" checked={force} onChange={(e) => onForce(e.target.checked)} className="mt-1" />
          <span>
            {formatNumber(q.counts.active)} job(s) are running right now. Without this, obliterate is refused; with it, they are deleted while their workers still run
            them.
          </span>
        </label>
      )}
    </div>
  );
}
