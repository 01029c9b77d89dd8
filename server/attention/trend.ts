import type { Trend } from "@/lib/attention";

/** Changes smaller than this share of the value (or than one unit) are "stable". */
const STABLE_SHARE = 0.1;

export function trendOf(first: number, last: number): Trend {
  const delta = last - first;
  if (Math.abs(delta) < Math.max(1, Math.abs(first) * STABLE_SHARE)) return "stable";
  return delta > 0 ? "rising" : "falling";
}

/** Seconds until `backlog` is gone when it shrank by `first - last` over `spanMs`; null when it does not shrink. */
export function drainSeconds(backlog: number, first: number, last: number, spanMs: number): number | null {
  if (backlog <= 0) return 0;
  const perSecond = (first - last) / (spanMs / 1000);
  return perSecond > 0 ? Math.round(backlog / perSecond) : null;
}

/** backlog / rate, or null without a rate; 0 without backlog. */
export function secondsAtRate(backlog: number, perSecond: number | null | undefined): number | null {
  if (backlog <= 0) return 0;
  return perSecond && perSecond > 0 ? Math.round(backlog / perSecond) : null;
}
