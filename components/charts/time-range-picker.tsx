"use client";

import { TIME_RANGE_IDS, TIME_RANGES, type TimeRangeId } from "./time-range";

/** The ranges a chart offers; `ids` narrows them for a source that serves less (e.g. a day). */
export function TimeRangePicker({ value, onChange, ids = TIME_RANGE_IDS }: { value: TimeRangeId; onChange: (v: TimeRangeId) => void; ids?: readonly TimeRangeId[] }) {
  return (
    <div role="radiogroup" aria-label="Time range" className="inline-flex rounded-md border border-slate-300 text-xs dark:border-slate-700">
      {TIME_RANGES.filter((r) => ids.includes(r.id)).map((r) => (
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
