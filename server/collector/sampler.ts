import "server-only";
import type { SourceConfig } from "@/lib/config-schema";
import type { BrokerAdapter, Sample } from "@/server/brokers/adapter";
import { healthOnlySample } from "@/server/brokers/adapter";
import { withTimeout } from "@/server/brokers/timeout";
import { errorText, secretsOfUrl } from "@/server/redact";
import { nextDelayMs } from "./backoff";
import { carryLists } from "./carry-lists";

export interface Snapshot {
  sample: Sample;
  sampledAt: number;
  /** When `sample.lists` were read: older than sampledAt when this tick's listing failed (carry-lists.ts). */
  listsSampledAt: number;
  /** How long the last tick took, for the source page and the benchmarks. */
  durationMs: number;
  consecutiveFailures: number;
}

export interface SamplerOptions {
  intervalMs: number;
  timeoutMs: number;
  onSample: (sourceId: string, snapshot: Snapshot) => void;
}

/**
 * Polls one source forever. A tick starts only after the previous one ended (never overlaps);
 * a source that is down is retried with growing delays and never delays the other sources.
 */
export class SourceSampler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private connected = false;
  private inFlight: Promise<void> | undefined;
  latest: Snapshot | undefined;
  /** The replica that samples this source now (server/replicas): shown as the source's `sampledBy`. */
  sampledBy: string | undefined;
  /** Ticks run and ticks that found the source down, since start (for /metrics). */
  ticks = 0;
  failedTicks = 0;

  constructor(
    readonly source: SourceConfig,
    readonly adapter: BrokerAdapter,
    private readonly opts: SamplerOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.pause();
    await this.inFlight;
    await this.adapter.close().catch(() => undefined);
  }

  /** Stops ticking but keeps the adapter, which actions and live reads still use (another replica samples). */
  pause(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  get sampling(): boolean {
    return !this.stopped;
  }

  /** The latest snapshot as another replica sampled it; ignored while this one samples. */
  adopt(snapshot: Snapshot): void {
    if (this.stopped && !this.inFlight) this.latest = snapshot;
  }

  /** Runs one tick now (unless one is running, in which case it waits for that one). */
  async tick(): Promise<Snapshot> {
    if (!this.inFlight) {
      this.inFlight = this.poll().finally(() => {
        this.inFlight = undefined;
      });
    }
    await this.inFlight;
    return this.latest!;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().then((snap) => {
        this.schedule(nextDelayMs(this.opts.intervalMs, snap.consecutiveFailures));
      });
    }, delayMs);
    this.timer.unref?.();
  }

  private async poll(): Promise<void> {
    const started = Date.now();
    let sample: Sample;
    try {
      if (!this.connected) {
        await withTimeout(this.adapter.connect(), this.opts.timeoutMs, "connect");
        this.connected = true;
      }
      sample = await withTimeout(this.adapter.sample(), this.opts.timeoutMs, "sample");
    } catch (err) {
      this.connected = false;
      sample = healthOnlySample({ status: "down", error: errorText(err, this.secrets()) });
    }
    const failures = sample.health.status === "down" ? (this.latest?.consecutiveFailures ?? 0) + 1 : 0;
    this.ticks += 1;
    if (failures > 0) this.failedTicks += 1;
    const now = Date.now();
    const carried = carryLists(this.latest, sample, now);
    this.latest = { ...carried, sampledAt: now, durationMs: now - started, consecutiveFailures: failures };
    try {
      this.opts.onSample(this.source.id, this.latest);
    } catch (err) {
      console.error(`[collector] ${this.source.id}: storing sample failed: ${errorText(err, this.secrets())}`);
    }
  }

  private secrets(): string[] {
    const s = this.source;
    switch (s.kind) {
      case "rabbitmq":
        return [...secretsOfUrl(s.amqpUrl), ...secretsOfUrl(s.managementUrl)];
      case "bullmq":
        return secretsOfUrl(s.redisUrl);
      case "celery":
        return [...secretsOfUrl(s.brokerUrl), ...(s.resultBackendUrl ? secretsOfUrl(s.resultBackendUrl) : [])];
      case "kafka":
        return s.sasl ? [s.sasl.password] : [];
    }
  }
}
