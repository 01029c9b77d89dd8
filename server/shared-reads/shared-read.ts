import "server-only";
import type { Runtime } from "@/server/runtime";

/**
 * A live broker read that pages poll (queue detail, a page of jobs, one job), shared among every
 * tab asking the same thing for a couple of seconds. Actions on the source forget these at once.
 */
export function sharedRead<T>(rt: Runtime, sourceId: string, key: readonly (string | number | undefined)[], read: () => Promise<T>): Promise<T> {
  return rt.liveReads.get([sourceId, ...key].map((k) => String(k ?? "")).join("\0"), read) as Promise<T>;
}

/** After an action on the source: its shared reads are out of date. */
export function forgetSharedReads(rt: Runtime, sourceId: string): void {
  rt.liveReads.forgetPrefix(`${sourceId}\0`);
}
