"use client";

import { TIME_RANGES, type TimeRangeId } from "./time-range";

export function TimeRangePicker({ value, onChange }: { value: TimeRangeId; onChange: (v: TimeRangeId) => void }) {
  return (
    <div role="radiogroup" aria-label="Time range" className="inline-flex rounded-md border border-slate-300 text-xs dark:border-slate-700">
      {TIME_RANGES.map((r) => (
        <button
          key={r.id}
          role="radio"
          aria-checked={value === r.id}
          onClick={() => onChange(r.id)}
          className={`px-2 py-1 first:rounded-l-md last:rounded-r-md ${value === r.id ? "bg-indigo-600 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
        >
          {r.label}
        </button>
      ))}
    </div>
  );
}
