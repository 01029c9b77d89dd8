import "server-only";

// Reads done for the inbox's reasons (a page of failed jobs per queue) are shared by every
// refresh and tab for a while: the inbox polls, Redis should not notice.
const TTL_MS = 30_000;
const MAX_ENTRIES = 1000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

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
