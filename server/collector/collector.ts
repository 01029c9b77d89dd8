import "server-only";
import type { SourceConfig } from "@/lib/config-schema";
import { createAdapter } from "@/server/brokers/registry";
import type { SeriesStore } from "@/server/store/series";
import { errorText } from "@/server/redact";
import type { MetricPoint } from "@/server/brokers/adapter";
import { SourceSampler, type Snapshot } from "./sampler";
import { CELERY_RATE_WINDOW_MS, SOURCE_TOTALS, totalsPoints, type CeleryCounts, type CounterReading } from "./source-totals";

const MAINTAIN_EVERY_MS = 60_000;

/** Called after each tick has been stored, with that tick's snapshot (alert rules read it). */
export type TickListener = (source: SourceConfig, snapshot: Snapshot) => void;

/** What the collector reads besides its samplers: Celery's finished and failed tasks, from the task history. */
export interface CollectorReads {
  celeryCounts?: (sourceId: string, since: number) => Promise<CeleryCounts>;
}

/** One sampler per source; the API reads lists from their snapshots, never from the broker. */
export class Collector {
  readonly samplers = new Map<string, SourceSampler>();
  private maintainTimer: NodeJS.Timeout | undefined;
  private readonly tickListeners: TickListener[] = [];
  /** Each source's counters at its last tick, for the rates of the source totals. */
  private readonly counters = new Map<string, CounterReading>();

  constructor(
    sources: readonly SourceConfig[],
    private readonly series: SeriesStore,
    opts: { intervalMs: number; timeoutMs: number },
    private readonly reads: CollectorReads = {},
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
    const source = this.samplers.get(sourceId)?.source;
    this.recordPoints(sourceId, source, snap).catch((err: unknown) => {
      // Chart history is not worth the sampler: the tick's numbers are dropped, the snapshot stays.
      console.error(`[collector] recording ${sourceId}'s samples failed: ${errorText(err)}`);
    });
    // Down ticks too: a rule on sourceDown must see them.
    if (!source) return;
    for (const listener of this.tickListeners) {
      try {
        listener(source, snap);
      } catch (err) {
        console.error(`[collector] a tick listener failed on ${sourceId}: ${errorText(err)}`);
      }
    }
  }

  /** The source's depth, throughput and dead letters (source-totals.ts), when this tick read its lists. */
  private async recordPoints(sourceId: string, source: SourceConfig | undefined, snap: Snapshot): Promise<void> {
    const points = source ? snap.sample.metrics.concat(await this.sourceTotals(source, snap)) : snap.sample.metrics;
    if (points.length) await this.series.record(sourceId, points, snap.sampledAt);
  }

  private async sourceTotals(source: SourceConfig, snap: Snapshot): Promise<MetricPoint[]> {
    const { sample } = snap;
    const fresh = sample.health.status === "up" && snap.listsSampledAt === snap.sampledAt && Object.keys(sample.lists).length > 0;
    if (!fresh) return [];
    const celery = source.kind === "celery" ? await this.reads.celeryCounts?.(source.id, snap.sampledAt - CELERY_RATE_WINDOW_MS) : undefined;
    const out = SOURCE_TOTALS[source.kind]({ sample, at: snap.sampledAt, prev: this.counters.get(source.id), celery });
    if (out.counters) this.counters.set(source.id, out.counters);
    return totalsPoints(out.totals);
  }
}
