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

/**
 * A Celery client stamps task-sent after its publish returns, so a fast worker's received (even
 * started and finished) can carry an earlier stamp. Up to this much later, "sent" still opens its attempt.
 */
export const SENT_STAMP_SLACK_MS = 1000;
const ATTEMPT_PREFIX = ["received", "started", "finished"] as const;

function stepKind(event: string): string {
  return RAN_UNTIL.has(event) && event !== "retried" ? "finished" : event;
}

/**
 * Moves each "sent" back before the steps of its own attempt that were stamped just before it: a
 * run of received[, started[, finished]] within the slack, whose received no "sent" already opens.
 * Returns the "sent" steps it moved.
 */
function putSentFirst(sorted: CeleryTimelineStepDto[]): Set<CeleryTimelineStepDto> {
  const moved = new Set<CeleryTimelineStepDto>();
  for (let i = 0; i < sorted.length; i++) {
    const sent = sorted[i]!;
    if (sent.event !== "sent") continue;
    for (let len = ATTEMPT_PREFIX.length; len >= 1; len--) {
      const start = i - len;
      if (start < 0) continue;
      const run = sorted.slice(start, i);
      const fits = run.every((s, k) => stepKind(s.event) === ATTEMPT_PREFIX[k] && ms(sent.at) - ms(s.at) <= SENT_STAMP_SLACK_MS);
      const opened = start > 0 && sorted[start - 1]!.event === "sent";
      if (!fits || opened) continue;
      sorted.splice(i, 1);
      sorted.splice(start, 0, sent);
      moved.add(sent);
      break;
    }
  }
  return moved;
}

/** The steps in time order (stable for equal times: events of one instant keep their order), each attempt opened by its "sent". */
export function timelineRows(steps: readonly CeleryTimelineStepDto[]): TimelineRow[] {
  const sorted = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => ms(a.s.at) - ms(b.s.at) || a.i - b.i)
    .map(({ s }) => s);
  const moved = putSentFirst(sorted);
  return sorted.map((s, i) => {
    const prev = sorted[i - 1];
    if (!prev) return { ...s, gap: null, gapLabel: null };
    const gap = (ms(s.at) - ms(prev.at)) / 1000;
    // After a moved "sent" the negative gap is the stamping order, not a clock disagreement.
    return { ...s, gap: moved.has(prev) ? Math.max(0, gap) : gap, gapLabel: gapLabel(prev.event, s.event) };
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
