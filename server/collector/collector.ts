import "server-only";
import type { SourceConfig } from "@/lib/config-schema";
import { createAdapter } from "@/server/brokers/registry";
import type { SeriesStore } from "@/server/store/series";
import { errorText } from "@/server/redact";
import { SourceSampler, type Snapshot } from "./sampler";

const MAINTAIN_EVERY_MS = 60_000;

/** Called after each tick has been stored, with that tick's snapshot (alert rules read it). */
export type TickListener = (source: SourceConfig, snapshot: Snapshot) => void;

/** One sampler per source; the API reads lists from their snapshots, never from the broker. */
export class Collector {
  readonly samplers = new Map<string, SourceSampler>();
  private maintainTimer: NodeJS.Timeout | undefined;
  private readonly tickListeners: TickListener[] = [];

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

  onTick(listener: TickListener): void {
    this.tickListeners.push(listener);
  }

  snapshot(sourceId: string): Snapshot | undefined {
    return this.samplers.get(sourceId)?.latest;
  }

  private store(sourceId: string, snap: Snapshot): void {
    if (snap.sample.metrics.length) {
      this.series.record(sourceId, snap.sample.metrics, snap.sampledAt).catch((err: unknown) => {
        // Chart history is not worth the sampler: the tick's numbers are dropped, the snapshot stays.
        console.error(`[collector] recording ${sourceId}'s samples failed: ${errorText(err)}`);
      });
    }
    // Down ticks too: a rule on sourceDown must see them.
    const source = this.samplers.get(sourceId)?.source;
    if (!source) return;
    for (const listener of this.tickListeners) {
      try {
        listener(source, snap);
      } catch (err) {
        console.error(`[collector] a tick listener failed on ${sourceId}: ${errorText(err)}`);
      }
    }
  }
}
