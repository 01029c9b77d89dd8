import { z } from "zod";
import type { BrokerKind, SeriesPointDto } from "./dto";
import { TIME_RANGE_IDS, type TimeRangeId } from "./time-range";

// The source-level series of the overview: one depth, one throughput and one dead-letter number per
// source and tick (server/collector/source-totals.ts defines them per kind), stored under
// seriesKey.source() and served for every source at once by GET /api/v1/overview/series.

export const SOURCE_METRICS = ["depth", "throughput", "deadLetters"] as const;
export type SourceMetric = (typeof SOURCE_METRICS)[number];

export const SOURCE_METRIC_LABEL: Record<SourceMetric, string> = {
  depth: "Depth",
  throughput: "Throughput",
  deadLetters: "Dead letters",
};

/** What each kind counts: messages, jobs, Kafka records behind (lag) or Celery tasks. */
export const SOURCE_METRIC_UNIT: Record<SourceMetric, Record<BrokerKind, string>> = {
  depth: { rabbitmq: "messages", bullmq: "jobs", kafka: "messages behind", celery: "tasks" },
  throughput: { rabbitmq: "msg/s", bullmq: "jobs/s", kafka: "msg/s", celery: "tasks/s" },
  deadLetters: { rabbitmq: "messages", bullmq: "failed jobs", kafka: "records", celery: "failed tasks" },
};

/** Most points per source an answer carries (the store downsamples to this). */
export const OVERVIEW_MAX_POINTS = 600;

/** GET /api/v1/overview/series?metric=&range=&points= */
export const overviewSeriesQuerySchema = z.object({
  metric: z.enum(SOURCE_METRICS),
  range: z.enum(TIME_RANGE_IDS).default("1h"),
  /** Points per source at most: a sparkline needs fewer than a chart. */
  points: z.coerce.number().int().min(10).max(OVERVIEW_MAX_POINTS).default(300),
});
export type OverviewSeriesQuery = z.input<typeof overviewSeriesQuerySchema>;

export interface SourceSeriesDto {
  source: string;
  name: string;
  kind: BrokerKind;
  /** The unit of `v` for this source's kind (SOURCE_METRIC_UNIT). */
  unit: string;
  points: SeriesPointDto[];
  /** The newest point in the range as recorded: `points` are averages over buckets on longer ranges. */
  latest: SeriesPointDto | null;
}

export interface OverviewSeriesDto {
  metric: SourceMetric;
  range: TimeRangeId;
  from: number;
  to: number;
  /** Every configured source the caller may see, in the configuration's order. */
  sources: SourceSeriesDto[];
}
