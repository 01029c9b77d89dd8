import "server-only";
import type { SourceSummary } from "@/lib/dto";
import type { SourceConfig } from "@/lib/config-schema";
import type { Runtime } from "./runtime";
import { notFound } from "./errors";
import type { SourceSampler } from "./collector/sampler";
import { capabilitiesOf } from "./brokers/adapter";

/** A source's card, from the collector's snapshot: never a broker call. */
export function summarize(sampler: SourceSampler): SourceSummary {
  const snap = sampler.latest;
  const { id, kind, name, tags } = sampler.source;
  const by = sampler.sampledBy;
  const base = { id, kind, name, ...(tags?.length ? { tags } : {}), capabilities: capabilitiesOf(sampler.adapter), ...(by ? { sampledBy: by } : {}) };
  if (!snap) return { ...base, status: "down", error: "connecting: no sample yet" };
  const h = snap.sample.health;
  return {
    ...base,
    status: h.status,
    ...(h.error ? { error: h.error } : {}),
    ...(h.degraded ? { degraded: h.degraded } : {}),
    ...(h.version ? { version: h.version } : {}),
    sampledAt: new Date(snap.sampledAt).toISOString(),
    stats: snap.sample.stats,
  };
}

export function listSources(rt: Runtime): SourceSummary[] {
  return [...rt.collector.samplers.values()].map(summarize);
}

export function getSampler(rt: Runtime, sourceId: string): SourceSampler {
  const s = rt.collector.samplers.get(sourceId);
  if (!s) throw notFound(`source "${sourceId}"`);
  return s;
}

export function sourceConfig(rt: Runtime, sourceId: string): SourceConfig {
  return getSampler(rt, sourceId).source;
}
