import type { CeleryTimelineStepDto } from "@/lib/celery";
import { formatRuntime } from "@/lib/format";
import { RelativeTime } from "../ui/relative-time";
import { eventDot } from "./task-states";
import { timelineRows, timelineTotals, type TimelineRow } from "./timeline";

/** "10:15:02.347": steps of one task are often milliseconds apart. */
const clock = (iso: string) => {
  const d = new Date(iso);
  return `${d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false })}.${String(d.getMilliseconds()).padStart(3, "0")}`;
};

function Total({ label, seconds, hint }: { label: string; seconds: number | null; hint: string }) {
  if (seconds === null) return null;
  return (
    <div className="rounded-md border border-slate-200 px-2.5 py-1 dark:border-slate-700" title={hint}>
      <span className="text-[11px] uppercase tracking-wide text-slate-500">{label}</span>{" "}
      <span className="font-semibold tabular-nums" data-testid={`timeline-${label.toLowerCase()}`}>
        {formatRuntime(seconds)}
      </span>
    </div>
  );
}

/** The time between a step and the next, and what it was spent on. */
function Gap({ next }: { next: TimelineRow }) {
  if (next.gap === null) return null;
  const skewed = next.gap < 0;
  return (
    <p className="pb-2 text-xs text-slate-500" data-testid="timeline-gap">
      <span className={`tabular-nums ${skewed ? "text-amber-700 dark:text-amber-400" : "font-medium text-slate-700 dark:text-slate-200"}`}>
        {skewed ? "" : "+"}
        {formatRuntime(next.gap)}
      </span>{" "}
      {next.gapLabel}
      {skewed && " (the two clocks disagree)"}
    </p>
  );
}

/** sent -> received -> started -> (retried -> ...) -> succeeded / failed / revoked, with the time each step took. */
export function TaskTimeline({ steps }: { steps: CeleryTimelineStepDto[] }) {
  if (!steps.length) return <p className="text-sm text-slate-500">No event of this task was received.</p>;
  const rows = timelineRows(steps);
  const totals = timelineTotals(rows);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2 text-sm">
        <Total label="Queued" seconds={totals.queued} hint="sent → received by a worker" />
        <Total label="Waited" seconds={totals.waited} hint="received → started: prefetched, waiting for its eta or a free pool process" />
        <Total label="Ran" seconds={totals.ran} hint="started → finished, over every attempt" />
        <Total label="Total" seconds={totals.total} hint="first event → last event" />
      </div>
      <ol className="relative" data-testid="task-timeline">
        {rows.map((r, i) => (
          <li key={`${r.event}-${r.at}-${i}`} className="relative pl-6" data-testid="timeline-step" data-event={r.event}>
            {/* The rail between dots; the gap sits on it. */}
            {i < rows.length - 1 && <span className="absolute left-[5px] top-3 h-full w-0.5 bg-slate-200 dark:bg-slate-700" aria-hidden />}
            <span className={`absolute left-0 top-1.5 h-3 w-3 rounded-full ring-2 ring-white dark:ring-slate-900 ${eventDot(r.event)}`} aria-hidden />
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 pb-1">
              <span className="font-medium capitalize">{r.event}</span>
              <span className="font-mono text-xs tabular-nums text-slate-600 dark:text-slate-300" title={new Date(r.at).toLocaleString()}>
                {clock(r.at)}
              </span>
              <RelativeTime iso={r.at} className="text-xs text-slate-500" />
              {r.worker && (
                <span className="font-mono text-xs text-slate-500">
                  {r.event === "sent" ? "by" : "on"} {r.worker}
                </span>
              )}
            </div>
            {r.detail && <p className="break-words pb-1 font-mono text-xs text-slate-600 dark:text-slate-300">{r.detail}</p>}
            {rows[i + 1] && <Gap next={rows[i + 1]!} />}
          </li>
        ))}
      </ol>
    </div>
  );
}
