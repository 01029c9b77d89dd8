"use client";

import { useState } from "react";
import type { KafkaGroupDto, KafkaTopicDto } from "@/lib/kafka";
import { seriesKey } from "@/lib/series-key";
import { SeriesChart } from "../charts/series-chart";
import { TimeRangePicker } from "../charts/time-range-picker";
import { rangeMs, type TimeRangeId } from "../charts/time-range";
// The series hook is kind-neutral (it takes the series URL); it lives with RabbitMQ's charts for now.
import { useSeries } from "../rabbitmq/queries";
import { apiPaths, type SeriesWindow } from "@/lib/urls";

const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";

function Chart({ source, entityKey, seriesUrl, metric, range, ...look }: { source: string; entityKey: string; seriesUrl: (w: SeriesWindow) => string; metric: string; range: TimeRangeId; title: string; unit: string; color: string }) {
  const { data, isPending } = useSeries(source, entityKey, seriesUrl, metric, range);
  // Without data the chart shows its loading or empty state: the axis bounds do not matter then.
  const to = data?.to ?? 0;
  return <SeriesChart source={source} {...look} points={data?.points} from={data?.from ?? to - rangeMs(range)} to={to} loading={isPending} countable />;
}

/** A consumer group's lag and a topic's retained messages over time, from the collector's store. */
export function LagCharts({ source, groups, topics }: { source: string; groups: KafkaGroupDto[]; topics: KafkaTopicDto[] }) {
  const [range, setRange] = useState<TimeRangeId>("1h");
  // Until the user picks one: the group that lags most, and the first topic it reads.
  const [picked, setPicked] = useState<{ group?: string; topic?: string }>({});
  const group = groups.find((g) => g.id === picked.group) ?? groups.reduce<KafkaGroupDto | undefined>((a, g) => (!a || g.lag > a.lag ? g : a), undefined);
  const topicId = picked.topic ?? group?.topics.find((t) => topics.some((x) => x.id === t)) ?? topics[0]?.id;
  if (!group && !topicId) return null;
  return (
    <section className="space-y-2" aria-label="Lag history">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-medium">History</h2>
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      <div className="grid gap-3 lg:grid-cols-2">
        {group && (
          <div className="space-y-1">
            <label className="flex items-center gap-2 text-sm">
              Group
              <select className={select} aria-label="Group" value={group.id} onChange={(e) => setPicked({ group: e.target.value })}>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.groupId}
                  </option>
                ))}
              </select>
            </label>
            <Chart key={group.id} source={source} entityKey={seriesKey.group(group.id)} seriesUrl={(w) => apiPaths.groupSeries(source, group.id, w)} metric="lag" range={range} title="Consumer group lag" unit="messages" color="#d97706" />
          </div>
        )}
        {topicId && (
          <div className="space-y-1">
            <label className="flex items-center gap-2 text-sm">
              Topic
              <select className={select} aria-label="Topic" value={topicId} onChange={(e) => setPicked({ ...picked, topic: e.target.value })}>
                {topics.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <Chart key={topicId} source={source} entityKey={seriesKey.topic(topicId)} seriesUrl={(w) => apiPaths.topicSeries(source, topicId, w)} metric="messages" range={range} title="Messages retained" unit="messages" color="#4f46e5" />
          </div>
        )}
      </div>
    </section>
  );
}
