import "server-only";
import type { SourceSampler } from "@/server/collector/sampler";
import { createFamilies } from "./families";
import { EXPORTERS } from "./kinds";

/** The Prometheus text exposition of every source's latest snapshot (no broker call). */
export async function exposition(samplers: Iterable<SourceSampler>): Promise<{ body: string; contentType: string }> {
  const f = createFamilies();
  for (const s of samplers) {
    const source = s.source.id;
    const l = { source, kind: s.source.kind };
    f.ticks.inc(l, s.ticks);
    f.tickErrors.inc(l, s.failedTicks);
    const snap = s.latest;
    if (!snap) continue;
    const { health } = snap.sample;
    f.sourceUp.set(l, health.status === "up" ? 1 : 0);
    f.sourceDegraded.set(l, health.status === "up" && health.degraded ? 1 : 0);
    f.tickSeconds.set(l, snap.durationMs / 1000);
    f.lastTick.set(l, snap.sampledAt / 1000);
    f.consecutiveFailures.set(l, snap.consecutiveFailures);
    EXPORTERS[s.source.kind](f, source, snap.sample);
  }
  return { body: await f.registry.metrics(), contentType: f.registry.contentType };
}
