"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { GroupDetailDto } from "@/lib/kafka";
import { formatNumber, formatRate, formatSeconds } from "@/lib/format";
import { pages } from "@/lib/urls";
import { usePermissions } from "../queries";
import { SourceBreadcrumb, SourceGate } from "../source-gate";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { DataTable } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { EmptyState, ErrorState } from "../ui/states";
import { GroupCharts } from "./group-charts";
import { useDeleteGroup, useGroupDetail } from "./queries";
import { ResetOffsets } from "./reset-dialog";

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 px-3 py-2 dark:border-slate-700" title={hint}>
      <div className="text-xs text-slate-500">{label}</div>
      <div className="text-lg font-semibold" data-testid={`stat-${label}`}>{value}</div>
    </div>
  );
}

function DeleteGroup({ source, group }: { source: string; group: GroupDetailDto }) {
  const [open, setOpen] = useState(false);
  const del = useDeleteGroup(source, group.groupId);
  const router = useRouter();
  const why = group.state === "Empty" ? null : `Only an Empty group can be deleted; this one is ${group.state}.`;
  return (
    <>
      <Button variant="danger" disabled={!!why} title={why ?? undefined} onClick={() => setOpen(true)}>
        Delete group…
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete consumer group ${group.groupId}`}
        confirmLabel="Delete group"
        confirmText={group.groupId}
        busy={del.isPending}
        onConfirm={() => del.mutateAsync().then(() => router.push(pages.source(source)), () => setOpen(false))}
        onClose={() => setOpen(false)}
      >
        Deletes <strong>{group.groupId}</strong> and its committed offsets on {group.partitions.length} partition{group.partitions.length === 1 ? "" : "s"}.
        Its consumers would start over from their auto.offset.reset.
        {del.error && <ErrorState error={del.error} />}
      </ConfirmDialog>
    </>
  );
}

function GroupView({ source, detail }: { source: string; detail: GroupDetailDto }) {
  const { canAct, canAdmin } = usePermissions();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 className="font-mono text-xl font-semibold">{detail.groupId}</h1>
        <div className="flex gap-2">{canAdmin && <DeleteGroup source={source} group={detail} />}</div>
      </div>
      {detail.note && <p className="text-sm text-slate-500">{detail.note}</p>}
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Stat label="State" value={detail.state} />
        <Stat label="Members" value={String(detail.members.length)} />
        <Stat label="Lag" value={`${formatNumber(detail.lag)} msg`} />
        <Stat label="Lag in time" value={formatSeconds(detail.lagSeconds)} hint="Age of the oldest message not consumed yet" />
        <Stat label="Consume rate" value={formatRate(detail.consumeRate)} />
        <Stat label="Time to drain" value={detail.lag === 0 ? "drained" : detail.timeToDrainSeconds == null ? "not draining" : formatSeconds(detail.timeToDrainSeconds)} />
      </div>
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Partitions</h2>
        <DataTable
          label="Partitions"
          testId="group-partitions"
          rows={detail.partitions}
          rowKey={(p) => `${p.topic}/${p.partition}`}
          rowTestId={(p) => `partition-${p.topic}-${p.partition}`}
          empty={<EmptyState title="No committed or assigned partitions" />}
          columns={[
            { header: "Topic", cell: (p) => <span className="font-mono text-xs">{p.topic}</span>, sortValue: (p) => p.topic },
            { header: "Partition", align: "right", cell: (p) => p.partition, sortValue: (p) => p.partition },
            { header: "Committed", align: "right", cell: (p) => (p.committed === null ? "none" : formatNumber(p.committed)) },
            { header: "End", align: "right", cell: (p) => (p.end === null ? "–" : formatNumber(p.end)) },
            { id: "lag", header: "Lag", align: "right", cell: (p) => <span data-testid="partition-lag">{p.lag === null ? "–" : formatNumber(p.lag)}</span>, sortValue: (p) => p.lag ?? -1, descFirst: true },
            { header: "Lag in time", align: "right", cell: (p) => formatSeconds(p.lagSeconds), sortValue: (p) => p.lagSeconds ?? -1, descFirst: true },
          ]}
        />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-medium">Members</h2>
        <DataTable
          label="Members"
          rows={detail.members}
          rowKey={(m) => m.memberId}
          empty={<EmptyState title="No active members">The group is not consuming now.</EmptyState>}
          columns={[
            { header: "Client id", cell: (m) => <span className="font-mono text-xs">{m.clientId}</span> },
            { header: "Host", cell: (m) => m.host },
            { header: "Assigned partitions", cell: (m) => m.assignments.map((a) => `${a.topic} [${a.partitions.join(", ")}]`).join("; ") || "–" },
          ]}
        />
      </section>
      <GroupCharts source={source} groupId={detail.groupId} />
      {canAct && <ResetOffsets source={source} group={detail} />}
    </div>
  );
}

/** /sources/{source}/groups/{group}: one consumer group, read live. */
export function GroupPage({ sourceId, groupId }: { sourceId: string; groupId: string }) {
  const detail = useGroupDetail(sourceId, groupId);
  return (
    <SourceGate sourceId={sourceId}>
      {(source) => (
        <div className="space-y-4">
          <SourceBreadcrumb source={source} here={`Consumer group ${groupId}`} />
          <QueryView query={detail} loading="Loading the group" notFound={<EmptyState title={`No consumer group "${groupId}"`}>It may have been deleted.</EmptyState>}>
            {(d) => <GroupView source={source.id} detail={d} />}
          </QueryView>
        </div>
      )}
    </SourceGate>
  );
}
