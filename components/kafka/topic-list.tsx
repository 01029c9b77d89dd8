"use client";

import Link from "next/link";
import type { KafkaTopicDto } from "@/lib/kafka";
import { formatNumber } from "@/lib/format";
import { pages } from "@/lib/urls";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { useKafkaTopics } from "./queries";

type TopicRow = KafkaTopicDto & { produceRate?: number | null };

/** Every topic with partitions, replication, retained messages and (when the collector has it) produce rate; each opens its page. */
export function TopicList({ source }: { source: string }) {
  const topics = useKafkaTopics(source);
  const hasRate = topics.data?.items.some((t) => typeof t.produceRate === "number") ?? false;
  const columns: Column<TopicRow>[] = [
    {
      id: "name",
      header: "Topic",
      rowHeader: true,
      sortValue: (t) => t.name,
      cell: (t) => (
        <Link href={pages.kafkaTopic(source, t.name)} className="break-all font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
          {t.name}
        </Link>
      ),
    },
    { id: "partitions", header: "Partitions", align: "right", descFirst: true, sortValue: (t) => t.partitions, cell: (t) => t.partitions },
    { id: "rf", header: "RF", title: "Replication factor", align: "right", descFirst: true, sortValue: (t) => t.replicationFactor ?? 0, cell: (t) => t.replicationFactor ?? "–" },
    {
      id: "urp",
      header: "Under-replicated",
      title: "Partitions whose in-sync replicas are fewer than their replicas",
      align: "right",
      descFirst: true,
      sortValue: (t) => t.underReplicated ?? 0,
      cell: (t) => <span className={t.underReplicated ? "font-semibold text-red-700 dark:text-red-400" : ""}>{t.underReplicated ?? "–"}</span>,
    },
    { id: "messages", header: "Messages retained", align: "right", descFirst: true, sortValue: (t) => t.messages, cell: (t) => <span data-testid="topic-messages">{formatNumber(t.messages)}</span> },
    ...(hasRate
      ? [
          {
            id: "rate",
            header: "Produce rate",
            title: "Messages per second, from end-offset deltas",
            align: "right" as const,
            descFirst: true,
            sortValue: (t: TopicRow) => t.produceRate ?? -1,
            cell: (t: TopicRow) => (typeof t.produceRate === "number" ? `${formatNumber(Math.round(t.produceRate * 10) / 10)}/s` : "–"),
          },
        ]
      : []),
  ];
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-medium">Topics</h2>
      <QueryView query={topics} loading="Loading topics" isEmpty={(d) => !d.items.length} empty="No topics">
        {(d) => <DataTable label="Topics" rows={d.items} columns={columns} rowKey={(t) => t.id} rowTestId="topic-row" defaultSort={{ column: "name", dir: "asc" }} />}
      </QueryView>
    </section>
  );
}
