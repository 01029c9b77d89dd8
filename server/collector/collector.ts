import "server-only";
import type { SourceConfig } from "@/lib/config-schema";
import { createAdapter } from "@/server/brokers/registry";
import type { SeriesStore } from "@/server/store/series";
import { errorText } from "@/server/redact";
import { SourceSampler, type Snapshot } from "./sampler";

const MAINTAIN_EVERY_MS = 60_000;

/** One sampler per source; the API reads lists from their snapshots, never from the broker. */
export class Collector {
  readonly samplers = new Map<string, SourceSampler>();
  private maintainTimer: NodeJS.Timeout | undefined;

  constructor(
    sources: readonly SourceConfig[],
    private readonly series: SeriesStore,
    opts: { intervalMs: number; timeoutMs: number },
  ) {
    for (const source of sources) {
      const sampler = new SourceSampler(source, createAdapter(source), {
        ...opts,
        onSample: (id, snap) => this.store(id, snap),
      });
      this.samplers.set(source.id, sampler);
    }
  }

  start(): void {
    for (const s of this.samplers.values()) s.start();
    this.maintainTimer = setInterval(() => {
      this.series.maintain().catch((err) => console.error(`[collector] series maintenance failed: ${errorText(err)}`));
    }, MAINTAIN_EVERY_MS);
    this.maintainTimer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.maintainTimer);
    await Promise.all([...this.samplers.values()].map((s) => s.stop()));
  }

  snapshot(sourceId: string): Snapshot | undefined {
    return this.samplers.get(sourceId)?.latest;
  }

  private store(sourceId: string, snap: Snapshot): void {
    if (!snap.sample.metrics.length) return;
    try {
      this.series.record(sourceId, snap.sample.metrics, snap.sampledAt);
    } catch (err) {
      // Chart history is not worth the sampler: the tick's numbers are dropped, the snapshot stays.
      console.error(`[collector] recording ${sourceId}'s samples failed: ${errorText(err)}`);
    }
  }
}
