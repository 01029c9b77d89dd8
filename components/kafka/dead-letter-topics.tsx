"use client";

import Link from "next/link";
import { useState } from "react";
import type { SourceSummary } from "@/lib/dto";
import type { DeadLetterScanDto, DeadLetterTopicItemDto } from "@/lib/kafka-dead-letters";
import { formatNumber, formatRelative } from "@/lib/format";
import { pages } from "@/lib/urls";
import { usePermissions } from "../queries";
import { Button } from "../ui/button";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { useKafkaDeadLetters } from "./queries";
import { ReplayDialog } from "./replay-dialog";

const topicLink = (source: string, topic: string) => (
  <Link href={pages.kafkaTopic(source, topic)} className="break-all font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300">
    {topic}
  </Link>
);

/** Kafka's dead-letter topics (by name or by dead-letter headers) with count, oldest, origin and top exceptions; replay one. */
export function KafkaDeadLetters({ source }: { source: SourceSummary }) {
  const dlts = useKafkaDeadLetters(source.id);
  const perms = usePermissions();
  const [replaying, setReplaying] = useState<DeadLetterTopicItemDto | null>(null);
  // How far the last scan read: a cluster with many DLTs is scanned in turns, a budget per tick.
  const scan = (dlts.data as { scan?: DeadLetterScanDto } | undefined)?.scan;
  const columns: Column<DeadLetterTopicItemDto>[] = [
    { id: "topic", header: "Dead-letter topic", rowHeader: true, sortValue: (d) => d.topic, cell: (d) => topicLink(source.id, d.topic) },
    { id: "count", header: "Messages", align: "right", descFirst: true, sortValue: (d) => d.count, cell: (d) => <span data-testid="dlt-count">{formatNumber(d.count)}</span> },
    {
      id: "oldest",
      header: "Oldest",
      sortValue: (d) => d.oldest ?? Number.MAX_SAFE_INTEGER,
      cell: (d) => (d.oldest === null ? "–" : <span title={new Date(d.oldest).toISOString()}>{formatRelative(new Date(d.oldest).toISOString())}</span>),
    },
    { id: "origin", header: "Origin", sortValue: (d) => d.origin ?? "", cell: (d) => (d.origin ? topicLink(source.id, d.origin) : <span className="text-xs text-slate-500">unknown</span>) },
    {
      id: "exceptions",
      header: "Top reasons",
      title: "Exception messages with ids and numbers masked, counted over the records the last scan read",
      cell: (d) =>
        d.topReasons.length ? (
          <ul className="space-y-0.5 text-xs">
            {d.topReasons.slice(0, 3).map((r) => (
              <li key={r.signature} className="break-words" title={`e.g. ${r.example}`}>
                <span className="font-semibold">{r.count}×</span> {r.signature}
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-xs text-slate-500">none in the last {d.sampled}</span>
        ),
    },
    {
      id: "replay",
      header: "",
      align: "right",
      cell: (d) =>
        source.capabilities.topicReplay ? (
          <Button onClick={() => setReplaying(d)} disabled={!perms.canAct || d.count === 0} title={perms.why}>
            Replay
          </Button>
        ) : null,
    },
  ];
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Dead letters</h1>
        <p className="text-sm text-slate-500">
          Topics named like dead-letter topics (*.DLT, *-dlq…) or whose records carry dead-letter headers · {source.name} · sampled {formatRelative(dlts.data?.sampledAt)}
        </p>
        {scan?.stoppedBy && (
          <p className="text-xs text-amber-700 dark:text-amber-400" data-testid="dlt-scan-note">
            The last scan read {scan.read} of {scan.candidates} candidate topics ({formatNumber(scan.records)} records) before its {scan.stoppedBy} budget ran out; the
            next one goes on from there, and rows it did not reach show an earlier reading.
          </p>
        )}
      </div>
      <QueryView
        query={dlts}
        loading="Loading dead-letter topics"
        isEmpty={(d) => !d.items.length}
        empty={<EmptyState title="No dead-letter topic detected">Topics named *.DLT, *-dlt, *.dlq, *-dlq, dlq.* or *.deadletter, or carrying Spring&apos;s kafka_dlt-* headers, appear here.</EmptyState>}
      >
        {(d) => <DataTable label="Dead-letter topics" rows={d.items} columns={columns} rowKey={(x) => x.id} rowTestId="dlt-row" defaultSort={{ column: "count", dir: "desc" }} />}
      </QueryView>
      {replaying && <ReplayDialog key={replaying.id} source={source.id} dlt={replaying} onClose={() => setReplaying(null)} />}
    </div>
  );
}
