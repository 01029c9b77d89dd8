"use client";

import Link from "next/link";
import type { SourceSummary } from "@/lib/dto";
import { formatNumber, formatRate, formatSeconds } from "@/lib/format";
import { pages } from "@/lib/urls";
import { DataTable } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { LagCharts } from "./lag-charts";
import { useKafkaGroups, useKafkaTopics } from "./queries";
import { LagSparkline } from "./sparkline";
import { TopicList } from "./topic-list";

const STATE_STYLE: Record<string, string> = {
  Stable: "text-emerald-700 dark:text-emerald-400",
  Empty: "text-slate-500",
  Dead: "text-red-700 dark:text-red-400",
};

/** Kafka: consumer groups with their lag first (what an on-call engineer looks for), their history, then topics. */
export function KafkaPanel({ source }: { source: SourceSummary }) {
  const groups = useKafkaGroups(source.id);
  const topics = useKafkaTopics(source.id);
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Consumer groups</h2>
        <QueryView query={groups} isEmpty={(d) => !d.items.length} empty="No consumer groups">
          {(d) => (
            <DataTable
              label="Consumer groups"
              rows={[...d.items].sort((a, b) => b.lag - a.lag)}
              rowKey={(g) => g.id}
              columns={[
                {
                  header: "Group",
                  cell: (g) => (
                    <Link href={pages.kafkaGroup(source.id, g.id)} className="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
                      {g.groupId}
                    </Link>
                  ),
                },
                { header: "State", cell: (g) => <span className={STATE_STYLE[g.state] ?? ""} title={g.note ?? g.error}>{g.state}</span> },
                { header: "Members", align: "right", cell: (g) => (g.members === null ? "?" : g.members), sortValue: (g) => g.members ?? -1 },
                { header: "Topics", cell: (g) => <span className="text-xs">{g.topics.join(", ") || "–"}</span> },
                {
                  header: "Lag (messages)",
                  align: "right",
                  sortValue: (g) => g.lag,
                  cell: (g) => <span className={g.lag > 0 ? "font-semibold text-amber-700 dark:text-amber-400" : ""} data-testid={`lag-${g.groupId}`}>{formatNumber(g.lag)}</span>,
                },
                {
                  header: "Lag (time)",
                  align: "right",
                  sortValue: (g) => g.lagSeconds ?? -1,
                  cell: (g) => <span title="Age of the oldest message not consumed yet">{formatSeconds(g.lagSeconds)}</span>,
                },
                { header: "Consume rate", align: "right", cell: (g) => formatRate(g.consumeRate) },
                { header: "Lag, last hour", cell: (g) => <LagSparkline source={source.id} groupId={g.id} /> },
              ]}
            />
          )}
        </QueryView>
      </section>
      {groups.data && topics.data && <LagCharts source={source.id} groups={groups.data.items} topics={topics.data.items} />}
      <TopicList source={source.id} />
      {source.capabilities.deadLetters && (
        <Link href={pages.deadLetters(source.id)} className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          Dead-letter topics →
        </Link>
      )}
    </div>
  );
}
