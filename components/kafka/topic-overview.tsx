"use client";

import Link from "next/link";
import type { TopicConfigDto, TopicPageDto, TopicPartitionDto, TopicReaderDto } from "@/lib/kafka";
import { formatNumber } from "@/lib/format";
import { pages } from "@/lib/urls";
import { DataTable, type Column } from "../ui/data-table";
import { EmptyState } from "../ui/states";

const ids = (xs: readonly number[]) => xs.join(", ") || "–";

/** The topic page's overview: partitions, the configs that matter, and the groups reading it. */
export function TopicOverview({ source, detail }: { source: string; detail: TopicPageDto }) {
  const partitionColumns: Column<TopicPartitionDto>[] = [
    { id: "partition", header: "Partition", rowHeader: true, sortValue: (p) => p.partition, cell: (p) => p.partition },
    { id: "leader", header: "Leader", align: "right", sortValue: (p) => p.leader, cell: (p) => (p.leader < 0 ? <span className="text-red-700 dark:text-red-400">none</span> : p.leader) },
    { id: "replicas", header: "Replicas", cell: (p) => <span className="font-mono text-xs">{ids(p.replicas)}</span> },
    {
      id: "isr",
      header: "ISR",
      title: "In-sync replicas",
      cell: (p) => <span className={`font-mono text-xs ${p.isr.length < p.replicas.length ? "font-semibold text-red-700 dark:text-red-400" : ""}`}>{ids(p.isr)}</span>,
    },
    { id: "earliest", header: "Earliest offset", align: "right", sortValue: (p) => p.earliest, cell: (p) => formatNumber(p.earliest) },
    { id: "latest", header: "Latest offset", align: "right", sortValue: (p) => p.latest, cell: (p) => formatNumber(p.latest) },
    { id: "messages", header: "Messages", align: "right", descFirst: true, sortValue: (p) => p.latest - p.earliest, cell: (p) => formatNumber(p.latest - p.earliest) },
  ];
  const configColumns: Column<TopicConfigDto>[] = [
    { id: "name", header: "Config", rowHeader: true, cell: (c) => <span className="font-mono text-xs">{c.name}</span> },
    { id: "value", header: "Value", cell: (c) => <span className="font-mono text-xs">{c.value ?? "(sensitive)"}</span> },
    { id: "source", header: "Set", cell: (c) => <span className="text-xs text-slate-500">{c.isDefault ? "default" : "on the topic"}</span> },
  ];
  const groupColumns: Column<TopicReaderDto>[] = [
    {
      id: "group",
      header: "Group",
      rowHeader: true,
      sortValue: (g) => g.groupId,
      cell: (g) => (
        <Link href={pages.kafkaGroup(source, g.groupId)} className="break-all font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
          {g.groupId}
        </Link>
      ),
    },
    { id: "state", header: "State", sortValue: (g) => g.state, cell: (g) => g.state },
    { id: "members", header: "Members", align: "right", cell: (g) => (g.members === null ? "?" : g.members) },
    {
      id: "lag",
      header: "Lag (messages)",
      title: "The group's lag on this topic",
      align: "right",
      descFirst: true,
      sortValue: (g) => g.lag,
      cell: (g) => <span className={g.lag > 0 ? "font-semibold text-amber-700 dark:text-amber-400" : ""}>{formatNumber(g.lag)}</span>,
    },
    ...(detail.groups.some((g) => g.lagSeconds !== undefined)
      ? [{ id: "lagSeconds", header: "Lag (seconds)", align: "right" as const, cell: (g: TopicReaderDto) => (g.lagSeconds == null ? "–" : formatNumber(Math.round(g.lagSeconds))) }]
      : []),
  ];
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Partitions</h2>
        <p className="text-sm text-slate-500">{detail.underReplicated ? `${detail.underReplicated} under-replicated` : "All partitions fully replicated"}</p>
        <DataTable label="Partitions" rows={detail.partitions} columns={partitionColumns} rowKey={(p) => String(p.partition)} rowTestId="partition-row" density="compact" />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Groups reading it</h2>
        {detail.groups.length ? (
          <DataTable label="Groups reading the topic" rows={detail.groups} columns={groupColumns} rowKey={(g) => g.id} density="compact" />
        ) : (
          <EmptyState title="No consumer group has committed offsets for this topic" />
        )}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Configs</h2>
        <DataTable label="Topic configs" rows={detail.configs} columns={configColumns} rowKey={(c) => c.name} density="compact" />
      </section>
    </div>
  );
}
