/**
 * Delay before the next poll: the interval while up; doubling while down, capped at 5 s (or the
 * interval, when that is longer). The cap is what makes a source that comes back show up within
 * about 10 s, however long it was away; one connection attempt every 5 s costs a broker nothing.
 */
export const DOWN_RETRY_CAP_MS = 5000;

export function nextDelayMs(intervalMs: number, consecutiveFailures: number, capMs = DOWN_RETRY_CAP_MS): number {
  if (consecutiveFailures <= 1) return intervalMs;
  return Math.max(intervalMs, Math.min(capMs, intervalMs * 2 ** Math.min(consecutiveFailures - 1, 10)));
}
