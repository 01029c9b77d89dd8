import "server-only";
import type { Capabilities, OperationName } from "@/lib/dto";
import type { Runtime } from "@/server/runtime";
import { capabilitiesOf, requireOps, type AdapterOps, type BrokerAdapter } from "@/server/brokers/adapter";
import type { SourceSampler, Snapshot } from "@/server/collector/sampler";
import { serializeOnce } from "./json-once";
import { getSampler } from "@/server/sources";
import { unsupported } from "@/server/errors";

/** The source's sampler and adapter, after checking that the adapter can do `capability`. */
export function sourceWith(rt: Runtime, sourceId: string, capability: keyof Capabilities): { sampler: SourceSampler; adapter: BrokerAdapter } {
  const sampler = getSampler(rt, sourceId);
  if (!capabilitiesOf(sampler.adapter)[capability]) throw unsupported(capability);
  return { sampler, adapter: sampler.adapter };
}

/** A list from the collector's latest snapshot (never a broker call). */
/** `stale` when this tick's listing failed and the items are the last good ones, read at `sampledAt`. */
export function snapshotList<T = unknown>(sampler: SourceSampler, list: string): { items: T[]; sampledAt?: string; stale?: true } {
  const snap = sampler.latest;
  if (!snap) return { items: [] };
  let lists = listsOf.get(snap);
  if (!lists) listsOf.set(snap, (lists = new Map()));
  let result = lists.get(list);
  if (!result) {
    result = serializeOnce({
      items: (snap.sample.lists[list] as unknown[] | undefined) ?? [],
      sampledAt: new Date(snap.listsSampledAt).toISOString(),
      ...(snap.listsSampledAt < snap.sampledAt ? { stale: true as const } : {}),
    });
    lists.set(list, result);
  }
  return result as { items: T[]; sampledAt?: string; stale?: true };
}

/** One result object per (snapshot, list), so it is serialized once per tick (json-once.ts). */
const listsOf = new WeakMap<Snapshot, Map<string, { items: unknown[]; sampledAt?: string; stale?: true }>>();

/** GET handler for a list the collector keeps in its snapshot, guarded by a capability. */
export async function snapshotListFor(rt: Runtime, sourceId: string, capability: keyof Capabilities, list: string) {
  return snapshotList(sourceWith(rt, sourceId, capability).sampler, list);
}

/**
 * Chart points of one entity (a lib/series-key.ts key) from the collector's store; the last hour
 * by default. A missing source is a 404; `capability`, when given, is checked too (a queue's
 * series on a source without queues is refused), while the generic series route needs none.
 */
export async function seriesFor(
  rt: Runtime,
  sourceId: string,
  entity: string,
  query: { metric: string; from?: number; to?: number },
  capability?: keyof Capabilities,
) {
  if (capability) sourceWith(rt, sourceId, capability);
  else getSampler(rt, sourceId);
  const to = query.to ?? Date.now();
  const from = query.from ?? to - 60 * 60_000;
  return { metric: query.metric, from, to, points: await rt.series.query(sourceId, entity, query.metric, from, to) };
}

/** The source's operations of one capability (e.g. "purge" -> PurgeOps), or 404 / not_supported. */
export function opsOf<K extends OperationName>(rt: Runtime, sourceId: string, name: K): AdapterOps[K] {
  return requireOps(getSampler(rt, sourceId).adapter, name);
}
