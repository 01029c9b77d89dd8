"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api-client";
import type { PurgeBody, PurgeResultDto, TopicPageDto } from "@/lib/kafka";
import { formatNumber, plural } from "@/lib/format";
import { apiPaths } from "@/lib/urls";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { DataTable } from "../ui/data-table";
import { ErrorState } from "../ui/states";
import { purgeBodyOf, purgePlan, purgeTotal, type PartitionPurge } from "./purge-plan";

type Mode = "topic" | "partitions";

const input = "w-28 rounded-md border border-slate-300 bg-white px-2 py-0.5 text-right text-xs tabular-nums dark:border-slate-700 dark:bg-slate-950";
const invalid = "border-red-500 dark:border-red-500";

function OffsetInputs({ plan, onType }: { plan: PartitionPurge[]; onType: (partition: number, value: string) => void }) {
  return (
    <DataTable
      label="Delete records before an offset, per partition"
      testId="purge-partitions"
      rowTestId="purge-partition"
      rows={plan}
      rowKey={(p) => String(p.partition)}
      density="compact"
      maxHeight="16rem"
      framed={false}
      columns={[
        { header: "Partition", align: "right", cell: (p) => p.partition },
        { header: "Earliest", align: "right", cell: (p) => formatNumber(p.earliest) },
        { header: "Latest", align: "right", cell: (p) => formatNumber(p.latest) },
        {
          header: "Delete before",
          title: "Records below this offset are deleted; the partition then starts here",
          cell: (p) => (
            <span className="flex items-center gap-1">
              <input
                type="number"
                min={0}
                max={p.latest}
                className={`${input} ${p.error ? invalid : ""}`}
                aria-label={`Delete before offset, partition ${p.partition}`}
                aria-invalid={p.error ? true : undefined}
                title={p.error ?? undefined}
                value={p.input}
                onChange={(e) => onType(p.partition, e.target.value)}
              />
              <button type="button" className="text-xs text-indigo-700 hover:underline dark:text-indigo-300" onClick={() => onType(p.partition, String(p.latest))}>
                all
              </button>
            </span>
          ),
        },
        {
          header: "Deleted",
          align: "right",
          cell: (p) =>
            p.error ? (
              <span className="text-xs text-red-700 dark:text-red-400" data-testid="purge-partition-error">
                {p.error}
              </span>
            ) : (
              <span data-testid="purge-partition-count">{formatNumber(p.deletes!)}</span>
            ),
        },
      ]}
    />
  );
}

/**
 * Purge (admin): the whole topic, or per partition the records before an offset (prefilled with
 * each partition's earliest: nothing deleted until changed). Confirmed by typing the topic's name,
 * naming the count; compacted topics are refused by the server (409, shown as it says).
 */
export function PurgeDialog({ source, detail, onClose, onPurged }: { source: string; detail: TopicPageDto; onClose: () => void; onPurged?: () => void }) {
  const [mode, setMode] = useState<Mode>("topic");
  const [typed, setTyped] = useState<Record<number, string>>({});
  const plan = purgePlan(detail.partitions, typed);
  const body: PurgeBody | null = mode === "topic" ? {} : purgeBodyOf(plan);
  const total = mode === "topic" ? detail.messages : purgeTotal(plan);
  const purge = useMutation({
    mutationFn: (b: PurgeBody) => api<PurgeResultDto>(apiPaths.topicVerb(source, detail.name, "purge"), { method: "POST", body: b }),
    onSuccess: () => {
      setTyped({});
      onPurged?.();
    },
  });
  return (
    <ConfirmDialog
      open
      title={`Purge ${detail.name}?`}
      confirmLabel={`Delete ${plural(total, "message")}`}
      confirmText={detail.name}
      busy={purge.isPending}
      ready={body !== null && total > 0}
      onConfirm={() => body && purge.mutate(body)}
      onClose={onClose}
    >
      <div className="space-y-3">
        <fieldset className="flex flex-wrap gap-4">
          <legend className="sr-only">What to delete</legend>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="purge-mode" checked={mode === "topic"} onChange={() => setMode("topic")} />
            Whole topic
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="purge-mode" checked={mode === "partitions"} onChange={() => setMode("partitions")} />
            Up to an offset per partition
          </label>
        </fieldset>
        {mode === "topic" ? (
          <p>
            Deletes the {formatNumber(detail.messages)} retained messages of <b className="font-mono">{detail.name}</b> in {detail.partitions.length} partitions, for
            every reader: each partition&apos;s log then starts at its latest offset.
          </p>
        ) : (
          <>
            <OffsetInputs plan={plan} onType={(partition, value) => setTyped((t) => ({ ...t, [partition]: value }))} />
            <p data-testid="purge-summary">
              Deletes {plural(total, "message")} of <b className="font-mono">{detail.name}</b> in{" "}
              {plural(plan.filter((p) => (p.deletes ?? 0) > 0).length, "partition")}, for every reader: each chosen partition then starts at the offset given.
            </p>
          </>
        )}
        <p>This cannot be undone. A consumer whose committed offset falls below the new start gets an out-of-range error and follows its auto.offset.reset.</p>
        {purge.error && <ErrorState error={purge.error} />}
        {purge.data && (
          <p className="text-emerald-700 dark:text-emerald-400" data-testid="purged">
            Deleted {plural(purge.data.deleted, "message")}
            {purge.data.partitions.length <= 8 && `: ${purge.data.partitions.map((p) => `partition ${p.partition} now starts at ${formatNumber(p.after)}`).join(", ")}`}.
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}
