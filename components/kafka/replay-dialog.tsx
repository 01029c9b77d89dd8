"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api-client";
import { KAFKA_REPLAY_IN_FLIGHT_WINDOW, type DeadLetterTopicItemDto } from "@/lib/kafka-dead-letters";
import { formatNumber } from "@/lib/format";
import { apiPaths } from "@/lib/urls";
import { OperationProgress } from "../operation-progress";
import { Field, fieldCls, optionalNumber } from "../rabbitmq/form";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";

type Range = "all" | "offset" | "time";
type Bound = { offset: number } | { timestamp: number };

interface Started {
  operationId: string;
  total: number;
  note?: string;
}

function bound(range: Range, value: string): Bound | undefined {
  if (!value.trim()) return undefined;
  if (range === "offset") return { offset: Math.max(0, Math.floor(Number(value))) };
  if (range === "time") return { timestamp: new Date(value).getTime() };
  return undefined;
}

/** Replay a dead-letter topic: all, an offset or time range, or a filter; to the origin or a chosen topic; at a rate. */
export function ReplayDialog({ source, dlt, onClose }: { source: string; dlt: DeadLetterTopicItemDto; onClose: () => void }) {
  const [range, setRange] = useState<Range>("all");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [filter, setFilter] = useState("");
  const [destination, setDestination] = useState<"origin" | "topic">("origin");
  const [target, setTarget] = useState("");
  const [rate, setRate] = useState("");
  const start = useMutation({
    mutationFn: () => {
      const f = bound(range, from);
      const t = bound(range, to);
      const body = {
        ...(destination === "topic" && target ? { target } : {}),
        ...(f ? { from: f } : {}),
        ...(t ? { to: t } : {}),
        ...(filter ? { q: { value: filter } } : {}),
        ...(optionalNumber(rate) !== undefined ? { ratePerSecond: optionalNumber(rate) } : {}),
      };
      return api<Started>(apiPaths.topicVerb(source, dlt.topic, "replay"), { method: "POST", body });
    },
  });
  const where = destination === "topic" ? target || "…" : (dlt.origin ?? "each record's origin");
  return (
    <ConfirmDialog
      open
      title={`Replay ${dlt.topic}`}
      confirmLabel={start.data ? "Started" : `Replay to ${where}`}
      danger={false}
      busy={start.isPending}
      ready={!start.data && (destination === "origin" || target !== "")}
      onConfirm={() => start.mutate()}
      onClose={onClose}
    >
      <div className="space-y-3">
        <p>
          Copies up to {formatNumber(dlt.count)} dead letters of <b className="font-mono">{dlt.topic}</b> to <b className="font-mono">{where}</b>, keeping key, value and headers and
          adding a replay count; records already replayed too often are skipped. The dead-letter topic is not changed.
        </p>
        <p className="rounded-md bg-amber-50 p-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="replay-duplicates">
          At least once: if QueueDeck stops mid-replay, up to {KAFKA_REPLAY_IN_FLIGHT_WINDOW} records may be sent twice; running the same replay again resumes where it stopped.
        </p>
        {!start.data && (
          <>
            <Field label="Records">
              <select className={fieldCls} value={range} onChange={(e) => setRange(e.target.value as Range)} aria-label="Records">
                <option value="all">All</option>
                <option value="offset">An offset range</option>
                <option value="time">A time range</option>
              </select>
            </Field>
            {range !== "all" && (
              <div className="grid grid-cols-2 gap-2">
                <Field label={range === "offset" ? "From offset (inclusive)" : "From (local time)"}>
                  <input className={fieldCls} type={range === "time" ? "datetime-local" : "text"} value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" />
                </Field>
                <Field label={range === "offset" ? "To offset (exclusive)" : "To (local time)"}>
                  <input className={fieldCls} type={range === "time" ? "datetime-local" : "text"} value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" />
                </Field>
              </div>
            )}
            <Field label="Only values containing" hint="empty: every record">
              <input className={fieldCls} value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Value filter" />
            </Field>
            <Field label="Send to">
              <select className={fieldCls} value={destination} onChange={(e) => setDestination(e.target.value as "origin" | "topic")} aria-label="Send to">
                <option value="origin">The origin (header, else the name)</option>
                <option value="topic">A chosen topic</option>
              </select>
            </Field>
            {destination === "topic" && (
              <Field label="Topic">
                <input className={`${fieldCls} font-mono`} value={target} onChange={(e) => setTarget(e.target.value)} aria-label="Target topic" />
              </Field>
            )}
            <Field label="Rate (messages per second)" hint="empty: as fast as Kafka acknowledges">
              <input className={fieldCls} inputMode="numeric" value={rate} onChange={(e) => setRate(e.target.value)} aria-label="Rate" />
            </Field>
          </>
        )}
        {start.error && <ErrorState error={start.error} />}
        {start.data && <OperationProgress id={start.data.operationId} />}
      </div>
    </ConfirmDialog>
  );
}
