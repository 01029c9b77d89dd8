"use client";

import Link from "next/link";
import { useState } from "react";
import type { SourceSummary } from "@/lib/dto";
import { formatNumber, formatRelative } from "@/lib/format";
import { pages } from "@/lib/urls";
import { usePermissions } from "../queries";
import { SourceBreadcrumb, SourceGate } from "../source-gate";
import { Button } from "../ui/button";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { useUrlState } from "../use-url-state";
import { MessageBrowser } from "./message-browser";
import { ProduceDialog } from "./produce-dialog";
import { PurgeDialog } from "./purge-dialog";
import { useKafkaDeadLetters, useKafkaTopic } from "./queries";
import { ReplayDialog } from "./replay-dialog";
import { TopicOverview } from "./topic-overview";

const TABS = ["overview", "messages"] as const;
type Tab = (typeof TABS)[number];

/** /sources/{s}/topics/{topic}: partitions, configs and readers; the message browser; produce and purge. */
export function KafkaTopicPage({ sourceId, topic }: { sourceId: string; topic: string }) {
  return (
    <SourceGate sourceId={sourceId}>
      {(source) =>
        source.capabilities.topics ? <TopicView source={source} topic={topic} /> : <EmptyState title={`${source.name} has no topics`} />
      }
    </SourceGate>
  );
}

function TopicView({ source, topic }: { source: SourceSummary; topic: string }) {
  const detail = useKafkaTopic(source.id, topic);
  const [tab, setTab] = useUrlState<Tab>("tab", "overview", TABS);
  const perms = usePermissions();
  const [dialog, setDialog] = useState<"produce" | "purge" | "replay" | null>(null);
  // A dead-letter topic (as the collector's scan found it) is replayed from its own page too.
  const dlt = useKafkaDeadLetters(source.id).data?.items.find((d) => d.topic === topic);
  const compacted = detail.data?.configs.find((c) => c.name === "cleanup.policy")?.value?.includes("compact") ?? false;
  return (
    <div className="space-y-4">
      <SourceBreadcrumb source={source} here="topics" />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="break-all font-mono text-xl font-semibold">{topic}</h1>
          {detail.data && (
            <p className="text-sm text-slate-500">
              {detail.data.partitions.length} partitions · replication factor {detail.data.replicationFactor} · {formatNumber(detail.data.messages)} messages retained
              {detail.data.sampledAt ? ` · groups sampled ${formatRelative(detail.data.sampledAt)}` : ""}
            </p>
          )}
          {dlt && (
            <p className="text-sm text-slate-500" data-testid="dlt-banner">
              Dead-letter topic
              {dlt.origin ? (
                <>
                  {" "}of{" "}
                  <Link href={pages.kafkaTopic(source.id, dlt.origin)} className="font-mono text-indigo-700 hover:underline dark:text-indigo-300">
                    {dlt.origin}
                  </Link>
                </>
              ) : null}
              {dlt.topReasons[0] ? ` · top reason: ${dlt.topReasons[0].count}× ${dlt.topReasons[0].signature}` : ""} ·{" "}
              <Link href={pages.deadLetters(source.id)} className="text-indigo-700 hover:underline dark:text-indigo-300">
                all dead-letter topics
              </Link>
            </p>
          )}
        </div>
        <div className="flex gap-2">
          {dlt && source.capabilities.topicReplay && (
            <Button onClick={() => setDialog("replay")} disabled={!perms.canAct || dlt.count === 0} title={perms.why}>
              Replay
            </Button>
          )}
          {source.capabilities.produce && (
            <Button onClick={() => setDialog("produce")} disabled={!perms.canAct} title={perms.why}>
              Produce
            </Button>
          )}
          {source.capabilities.topicPurge && (
            <Button
              variant="danger"
              onClick={() => setDialog("purge")}
              disabled={!perms.canAdmin || compacted}
              title={compacted ? "Kafka cannot delete records of a compacted topic" : perms.canAdmin ? undefined : (perms.why ?? "purge needs the admin role")}
            >
              Purge
            </Button>
          )}
        </div>
      </div>
      <div role="tablist" aria-label="Topic views" className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((t) => (
          <button
            key={t}
            role="tab"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm capitalize ${tab === t ? "border-indigo-600 font-medium text-indigo-700 dark:text-indigo-300" : "border-transparent text-slate-500 hover:text-slate-800 dark:hover:text-slate-200"}`}
          >
            {t}
          </button>
        ))}
      </div>
      {tab === "overview" ? (
        <QueryView query={detail} loading="Loading topic" notFound={<EmptyState title={`No topic "${topic}" on ${source.name}`} />}>
          {(d) => <TopicOverview source={source.id} detail={d} />}
        </QueryView>
      ) : (
        <MessageBrowser source={source.id} topic={topic} partitions={detail.data?.partitions.map((p) => p.partition) ?? []} />
      )}
      {dialog === "produce" && (
        <ProduceDialog source={source.id} topic={topic} partitions={detail.data?.partitions.length ?? 0} onClose={() => setDialog(null)} onProduced={() => void detail.refetch()} />
      )}
      {dialog === "replay" && dlt && <ReplayDialog source={source.id} dlt={dlt} onClose={() => setDialog(null)} />}
      {dialog === "purge" && detail.data && <PurgeDialog source={source.id} detail={detail.data} onClose={() => setDialog(null)} onPurged={() => void detail.refetch()} />}
    </div>
  );
}
