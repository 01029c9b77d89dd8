import type { Sample } from "@/server/brokers/adapter";

/** Lists older than this are dropped rather than shown as the current state. */
export const MAX_CARRIED_LISTS_MS = 10 * 60_000;

/**
 * A source that is up but whose listing failed this tick (a management API that timed out under
 * load) keeps the last good lists and headline numbers instead of showing "no queues": an operator
 * at 3 a.m. still sees what was there, with `listsSampledAt` saying how old it is. No chart points
 * are carried: history only holds what was read. A source that is down shows nothing old.
 */
export function carryLists(
  prev: { sample: Sample; listsSampledAt: number } | undefined,
  sample: Sample,
  now: number,
): { sample: Sample; listsSampledAt: number } {
  const listingFailed = sample.health.status === "up" && sample.health.degraded !== undefined && Object.keys(sample.lists).length === 0;
  if (!listingFailed || !prev || Object.keys(prev.sample.lists).length === 0 || now - prev.listsSampledAt > MAX_CARRIED_LISTS_MS) {
    return { sample, listsSampledAt: now };
  }
  return { sample: { ...sample, lists: prev.sample.lists, stats: prev.sample.stats }, listsSampledAt: prev.listsSampledAt };
}
