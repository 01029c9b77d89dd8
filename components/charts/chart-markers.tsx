"use client";

import { ReferenceLine } from "recharts";
import type { ChartMarker } from "./audit-markers";

// Actions from the audit log on a chart's time axis: a dashed line each, and what they were under
// the chart, so "lag dropped right after the purge" can be seen.

const MARKER_COLOR = "#d97706";

/** The dashed lines, as direct children of a recharts chart (it does not look inside components). */
export function markerLines(markers: readonly ChartMarker[]) {
  return markers.map((m) => <ReferenceLine key={`${m.t}-${m.label}`} x={m.t} stroke={MARKER_COLOR} strokeDasharray="4 3" ifOverflow="hidden" />);
}

/** The actions marked on the chart, newest first: what the dashed lines are. */
export function MarkerList({ markers }: { markers: readonly ChartMarker[] }) {
  if (!markers.length) return null;
  const shown = [...markers].reverse().slice(0, 3);
  return (
    <ul className="mt-1 space-y-0.5 text-[11px] text-slate-500 dark:text-slate-400" aria-label="Actions on this chart">
      {shown.map((m) => (
        <li key={`${m.t}-${m.label}`} className="truncate" data-testid="chart-marker" title={m.label}>
          <span className="mr-1 inline-block h-2 w-0.5 align-middle" style={{ background: MARKER_COLOR }} aria-hidden />
          {new Date(m.t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} {m.label}
        </li>
      ))}
      {markers.length > shown.length && <li>and {markers.length - shown.length} more actions in this range</li>}
    </ul>
  );
}
