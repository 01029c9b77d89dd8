import type { CeleryTimelineStepDto } from "@/lib/celery";

// A task's timeline as rows with the time between each step and what that time was spent on.

export interface TimelineRow extends CeleryTimelineStepDto {
  /** Seconds since the step before; null on the first. Negative when the two clocks disagree. */
  gap: number | null;
  /** What the gap was: "in the queue", "waited", "ran"...; null on the first. */
  gapLabel: string | null;
}

const RAN_UNTIL = new Set(["succeeded", "failed", "retried", "revoked", "rejected"]);

function gapLabel(from: string, to: string): string {
  if (from === "sent" && to === "received") return "in the queue";
  if (from === "received" && to === "started") return "waited";
  if (from === "started" && RAN_UNTIL.has(to)) return "ran";
  if (from === "retried") return "retry delay";
  return "later";
}

const ms = (iso: string) => Date.parse(iso);

/** The steps in time order (stable for equal times: events of one instant keep their order). */
export function timelineRows(steps: readonly CeleryTimelineStepDto[]): TimelineRow[] {
  const sorted = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => ms(a.s.at) - ms(b.s.at) || a.i - b.i)
    .map(({ s }) => s);
  return sorted.map((s, i) => {
    const prev = sorted[i - 1];
    return prev ? { ...s, gap: (ms(s.at) - ms(prev.at)) / 1000, gapLabel: gapLabel(prev.event, s.event) } : { ...s, gap: null, gapLabel: null };
  });
}

/** Whole-life sums: time in queue (sent -> first received), waiting and running (over every attempt), first to last step. */
export function timelineTotals(rows: readonly TimelineRow[]): { queued: number | null; waited: number | null; ran: number | null; total: number | null } {
  const sum = (label: string) => {
    const gaps = rows.filter((r) => r.gapLabel === label && r.gap !== null).map((r) => r.gap!);
    return gaps.length ? gaps.reduce((a, b) => a + b, 0) : null;
  };
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    queued: sum("in the queue"),
    waited: sum("waited"),
    ran: sum("ran"),
    total: first && last && first !== last ? (ms(last.at) - ms(first.at)) / 1000 : null,
  };
}
