import "server-only";
import type { SourceConfig } from "@/lib/config-schema";
import { createAdapter } from "@/server/brokers/registry";
import type { SeriesStore } from "@/server/store/series";
import { errorText } from "@/server/redact";
import type { MetricPoint } from "@/server/brokers/adapter";
import { SourceSampler, type Snapshot } from "./sampler";
import { MAINTENANCE, SoloPlan, type SamplingControl, type SamplingPlan } from "./plan";
import { CELERY_RATE_WINDOW_MS, SOURCE_TOTALS, totalsPoints, type CeleryCounts, type CounterReading } from "./source-totals";

const MAINTAIN_EVERY_MS = 60_000;

/** Called after each tick has been stored, with that tick's snapshot (alert rules read it). */
export type TickListener = (source: SourceConfig, snapshot: Snapshot) => void;
/** Called when this replica starts or stops sampling a source (its Celery receiver and alert state follow). */
export type HoldListener = (source: SourceConfig, held: boolean) => void;

/** What the collector reads besides its samplers: Celery's finished and failed tasks, from the task history. */
export interface CollectorReads {
  celeryCounts?: (sourceId: string, since: number) => Promise<CeleryCounts>;
}

/** One sampler per source; the API reads lists from their snapshots, never from the broker. */
export class Collector {
  readonly samplers = new Map<string, SourceSampler>();
  private maintainTimer: NodeJS.Timeout | undefined;
  private readonly tickListeners: TickListener[] = [];
  private readonly holdListeners: HoldListener[] = [];
  /** Each source's counters at its last tick, for the rates of the source totals. */
  private readonly counters = new Map<string, CounterReading>();

  constructor(
    sources: readonly SourceConfig[],
    private readonly series: SeriesStore,
    opts: { intervalMs: number; timeoutMs: number },
    private readonly reads: CollectorReads = {},
    readonly plan: SamplingPlan = new SoloPlan("local"),
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
    this.plan.start(this.control);
    this.maintainTimer = setInterval(() => {
      if (!this.plan.holds(MAINTENANCE)) return;
      this.series.maintain().catch((err) => console.error(`[collector] series maintenance failed: ${errorText(err)}`));
    }, MAINTAIN_EVERY_MS);
    this.maintainTimer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.maintainTimer);
    await this.plan.stop();
    await Promise.all([...this.samplers.values()].map((s) => s.stop()));
  }

  onTick(listener: TickListener): void {
    this.tickListeners.push(listener);
  }

  onHold(listener: HoldListener): void {
    this.holdListeners.push(listener);
  }

  private readonly control: SamplingControl = {
    sourceIds: () => [...this.samplers.keys()],
    setHeld: (id, held) => {
      const sampler = this.samplers.get(id);
      if (!sampler || sampler.sampling === held) return;
      if (held) sampler.start();
      else sampler.pause();
      // A later takeover starts its rates afresh rather than from counters this replica read long ago.
      if (!held) this.counters.delete(id);
      for (const listener of this.holdListeners) {
        try {
          listener(sampler.source, held);
        } catch (err) {
          console.error(`[collector] a hold listener failed on ${id}: ${errorText(err)}`);
        }
      }
    },
    adopt: (id, snapshot) => this.samplers.get(id)?.adopt(snapshot),
    setSampledBy: (id, replicaId) => {
      const sampler = this.samplers.get(id);
      if (sampler) sampler.sampledBy = replicaId;
    },
  };

  snapshot(sourceId: string): Snapshot | undefined {
    return this.samplers.get(sourceId)?.latest;
  }

  private store(sourceId: string, snap: Snapshot): void {
    // The lease went to another replica during this tick: that one records from now on.
    if (!this.plan.holds(sourceId)) return;
    this.plan.publish(sourceId, snap);
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
