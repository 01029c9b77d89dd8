import "server-only";

// Reads done for the inbox's reasons (a page of failed jobs per queue) are shared by every
// refresh and tab for a while: the inbox polls, Redis should not notice.
const TTL_MS = 30_000;
const MAX_ENTRIES = 1000;
// On globalThis: Next.js may load this module in more than one bundle (the inbox's GET and the
// inbox actions are different routes), and an action must forget what the inbox cached.
const KEY = Symbol.for("queuedeck.inboxReasonReads");
const cache: Map<string, { at: number; value: Promise<unknown> }> = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Map()) as Map<
  string,
  { at: number; value: Promise<unknown> }
>;

/** The cache key of a BullMQ queue's failed jobs read for the inbox. */
export const bullReasonKey = (sourceId: string, queueId: string) => `${sourceId}\0bullmq\0${queueId}`;

/** After an action changed what a cached read saw: the next inbox refresh reads again. */
export function forgetReasonRead(key: string): void {
  cache.delete(key);
}

export function cachedReasonRead<T>(key: string, now: number, read: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = read();
  // A failed read is not kept: the next refresh tries again.
  value.catch(() => cache.delete(key));
  cache.delete(key);
  cache.set(key, { at: now, value });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return value;
}
