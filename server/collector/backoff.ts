/** Delay before the next poll: the interval while up; doubling (capped at 60 s) while down. */
export function nextDelayMs(intervalMs: number, consecutiveFailures: number, capMs = 60_000): number {
  if (consecutiveFailures <= 1) return intervalMs;
  return Math.min(capMs, intervalMs * 2 ** Math.min(consecutiveFailures - 1, 10));
}
