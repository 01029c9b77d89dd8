import "server-only";
import type { Queue } from "bullmq";
import type IORedis from "ioredis";
import type { Metrics } from "bullmq";
import type { Percentiles, ThroughputDto } from "@/lib/bullmq";
import type { SeriesPointDto } from "@/lib/dto";

const MINUTE = 60_000;
/** BullMQ keeps at most `metrics.maxDataPoints` minutes; a week is plenty to ask for. */
const MAX_MINUTES = 7 * 24 * 60;
/** Completed jobs whose timings make the percentiles. */
export const LATENCY_SAMPLE = 1000;

/**
 * Per-minute points from BullMQ's metrics (written by workers started with the `metrics`
 * option; see collectMetrics.lua): `data[i]` counts the minute i+1 before the minute of
 * `prevTS`, and `count - prevCount` is the minute of `prevTS` itself, still filling. Minutes
 * after that without jobs are zero. Null when no worker records metrics.
 */
export function metricsToPoints(m: Metrics, from: number, to: number): SeriesPointDto[] | null {
  if (!m.meta.prevTS) return null;
  const m0 = Math.floor(m.meta.prevTS / MINUTE) * MINUTE;
  const byMinute = new Map<number, number>();
  byMinute.set(m0, Math.max(0, m.meta.count - m.meta.prevCount));
  m.data.forEach((v, i) => byMinute.set(m0 - (i + 1) * MINUTE, v));
  const points: SeriesPointDto[] = [];
  const first = Math.floor(from / MINUTE) * MINUTE;
  for (let t = first; t <= to; t += MINUTE) {
    const v = byMinute.get(t);
    // Before the oldest point kept nothing is known; after m0 no job finished.
    if (v !== undefined) points.push({ t, v });
    else if (t > m0) points.push({ t, v: 0 });
  }
  return points;
}

export async function readMetricPoints(queue: Queue, from: number, to: number): Promise<Pick<ThroughputDto, "completed" | "failed"> | null> {
  const minutes = Math.min(MAX_MINUTES, Math.ceil((Date.now() - from) / MINUTE) + 1);
  const [completed, failed] = await Promise.all([
    queue.getMetrics("completed", 0, minutes),
    queue.getMetrics("failed", 0, minutes),
  ]);
  const c = metricsToPoints(completed, from, to);
  const f = metricsToPoints(failed, from, to);
  if (!c && !f) return null;
  return { completed: c ?? [], failed: f ?? [] };
}

/**
 * Per-minute rates from the collector's samples of a counter-like series (the size of the
 * completed or failed set): positive differences between neighbouring samples, scaled to a
 * minute. A set trimmed by removeOnComplete/removeOnFail stops growing, so this undercounts
 * such queues; BullMQ's own metrics do not.
 */
export function ratesFromSamples(samples: SeriesPointDto[]): SeriesPointDto[] {
  const out: SeriesPointDto[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const dt = b.t - a.t;
    if (dt <= 0) continue;
    out.push({ t: b.t, v: Math.round((Math.max(0, b.v - a.v) * MINUTE * 100) / dt) / 100 });
  }
  return out;
}

export function percentiles(values: number[]): Percentiles | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  // Nearest-rank percentiles: always a value that was observed.
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { p50: at(50), p95: at(95), p99: at(99) };
}

/** Wait (added + delay -> processed) and run (processed -> finished) times of the newest completed jobs. */
export async function readLatency(redis: IORedis, keyPrefix: string): Promise<ThroughputDto["latency"]> {
  const ids = await redis.zrevrange(`${keyPrefix}completed`, 0, LATENCY_SAMPLE - 1);
  const pipe = redis.pipeline();
  for (const id of ids) pipe.hmget(keyPrefix + id, "timestamp", "delay", "processedOn", "finishedOn");
  const rows = ids.length ? ((await pipe.exec()) ?? []) : [];
  const wait: number[] = [];
  const run: number[] = [];
  for (const [, row] of rows) {
    const [ts, delay, processed, finished] = ((row as (string | null)[]) ?? []).map((v) => (v == null ? NaN : Number(v)));
    if (Number.isFinite(ts) && Number.isFinite(processed)) wait.push(Math.max(0, processed! - ts! - (Number.isFinite(delay) ? delay! : 0)));
    if (Number.isFinite(processed) && Number.isFinite(finished)) run.push(Math.max(0, finished! - processed!));
  }
  return { sample: Math.max(wait.length, run.length), waitMs: percentiles(wait), runMs: percentiles(run) };
}
