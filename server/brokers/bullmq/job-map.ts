import "server-only";
import type { JobStateName, JobSummaryDto } from "@/lib/bullmq";
import { decodeCursor as decodeOpaque, encodeCursor as encodeOpaque } from "../cursor";

/** Redis key suffix and structure of each state (BullMQ 6 layout). */
export const STATE_KEYS: Record<JobStateName, { key: string; kind: "list" | "zset" }> = {
  waiting: { key: "wait", kind: "list" },
  active: { key: "active", kind: "list" },
  delayed: { key: "delayed", kind: "zset" },
  prioritized: { key: "prioritized", kind: "zset" },
  "waiting-children": { key: "waiting-children", kind: "zset" },
  completed: { key: "completed", kind: "zset" },
  failed: { key: "failed", kind: "zset" },
};

/**
 * The job-hash fields a summary needs, in the order the page script returns them. `opts` is
 * reduced to its `attempts` number inside the script, so a list never carries a job's options.
 */
export const SUMMARY_FIELDS = [
  "name",
  "timestamp",
  "processedOn",
  "finishedOn",
  "atm",
  "opts",
  "delay",
  "priority",
  "failedReason",
  "progress",
] as const;

export const FAILED_REASON_PREVIEW = 300;

type Raw = (string | null)[];

const num = (v: string | null | undefined): number | undefined => {
  if (v == null || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

function parseProgress(v: string | null | undefined): unknown {
  if (v == null || v === "" || v === "0") return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** A summary from the fields in SUMMARY_FIELDS order (attempts already extracted from opts). */
export function mapSummary(id: string, state: JobStateName | "unknown", f: Raw): JobSummaryDto {
  const [name, timestamp, processedOn, finishedOn, atm, attempts, delay, priority, failedReason, progress] = f;
  const summary: JobSummaryDto = {
    id,
    name: name ?? "",
    state,
    attemptsMade: num(atm) ?? 0,
    // BullMQ stores attempts: 0 when unset; either way a job gets one attempt.
    attempts: Math.max(1, num(attempts) ?? 1),
    timestamp: num(timestamp) ?? 0,
  };
  const set = <K extends keyof JobSummaryDto>(k: K, v: JobSummaryDto[K] | undefined) => {
    if (v !== undefined) summary[k] = v;
  };
  set("processedOn", num(processedOn));
  set("finishedOn", num(finishedOn));
  const d = num(delay);
  if (d) summary.delayMs = d;
  const p = num(priority);
  if (p) summary.priority = p;
  if (failedReason) summary.failedReason = failedReason.slice(0, FAILED_REASON_PREVIEW);
  set("progress", parseProgress(progress));
  return summary;
}

/** `attempts` from a job's raw opts JSON (1 when unset). */
export function attemptsOf(rawOpts: string | null | undefined): number {
  const m = rawOpts ? /"attempts":(\d+)/.exec(rawOpts) : null;
  return m ? Math.max(1, Number(m[1])) : 1;
}

/**
 * Paging cursor: the offset reached plus the last job shown (and its score for sorted sets),
 * so the next page starts right after that job even when newer jobs arrived in between.
 */
export interface PageCursor {
  o: number;
  id: string;
  s?: string;
}

export const encodeCursor = (c: PageCursor): string => encodeOpaque(c);

export function decodeCursor(raw: string | undefined): PageCursor | undefined {
  return decodeOpaque(raw, (c) =>
    typeof c.o === "number" && Number.isInteger(c.o) && c.o >= 0 && typeof c.id === "string"
      ? { o: c.o, id: c.id, ...(typeof c.s === "string" ? { s: c.s } : {}) }
      : undefined,
  );
}
