// Waiting on real brokers: their statistics and state settle asynchronously.
import { freePort } from "./server";

/** Calls fn until it returns a value (errors count as "not yet"), or fails naming what it waited for. */
export async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}

/** A port nothing listens on: bound, then released. */
export const deadPort = freePort;
