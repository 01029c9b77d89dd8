"use client";

import { useState } from "react";
import type { GroupDetailDto, OffsetResetResultDto } from "@/lib/kafka";
import { formatNumber } from "@/lib/format";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { DataTable } from "../ui/data-table";
import { ErrorState } from "../ui/states";
import { useResetOffsets, type ResetBody } from "./queries";

type Scope = "group" | "topic" | "partitions";
type Target = "earliest" | "latest" | "timestamp" | "offset" | "shiftBy";

const input = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";
const RESETTABLE = ["Empty", "Dead"];

/** The body, or why it cannot be built yet. */
function bodyOf(scope: Scope, topic: string, parts: string, target: Target, value: string): ResetBody | string {
  let to: ResetBody["to"];
  if (target === "earliest" || target === "latest") to = target;
  else if (target === "timestamp") {
    const t = Date.parse(value);
    if (!Number.isFinite(t)) return "Pick a date and time";
    to = { timestamp: t };
  } else {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || (target === "offset" && n < 0)) return target === "offset" ? "Enter an offset (0 or more)" : "Enter a whole number (negative goes back)";
    to = target === "offset" ? { offset: n } : { shiftBy: n };
  }
  if (scope === "group") return { to, dryRun: true };
  if (!topic) return "Pick a topic";
  if (scope === "topic") return { to, topic, dryRun: true };
  const partitions = parts.split(",").map((p) => p.trim()).filter(Boolean).map(Number);
  if (!partitions.length || partitions.some((p) => !Number.isInteger(p) || p < 0)) return "List partitions like 0,2,5";
  return { to, topic, partitions, dryRun: true };
}

/** Reset offsets: scope, target, a dry run showing current -> target and the new lag, then apply (Empty groups only). */
export function ResetOffsets({ source, group }: { source: string; group: GroupDetailDto }) {
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<Scope>("group");
  const [topic, setTopic] = useState(group.topics[0] ?? "");
  const [parts, setParts] = useState("");
  const [target, setTarget] = useState<Target>("earliest");
  const [value, setValue] = useState("");
  const [plan, setPlan] = useState<{ body: ResetBody; result: OffsetResetResultDto } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const reset = useResetOffsets(source, group.groupId);
  const body = bodyOf(scope, topic, parts, target, value);
  const blocked = RESETTABLE.includes(group.state)
    ? null
    : `The group is ${group.state} with ${group.members.length} member${group.members.length === 1 ? "" : "s"}: stop its consumers first (Kafka only resets an Empty group).`;
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPlan(null);
  };

  async function dryRun() {
    if (typeof body === "string") return;
    const result = await reset.mutateAsync(body).catch(() => null);
    if (result) setPlan({ body, result });
  }
  async function apply() {
    if (!plan) return;
    const result = await reset.mutateAsync({ ...plan.body, dryRun: false }).catch(() => null);
    setConfirming(false);
    if (result) setPlan({ body: plan.body, result });
  }

  if (!open) return <Button onClick={() => setOpen(true)}>Reset offsets…</Button>;
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-700" aria-label="Reset offsets">
      <h2 className="text-lg font-medium">Reset offsets</h2>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          Scope
          <select className={input} aria-label="Scope" value={scope} onChange={(e) => edit(setScope)(e.target.value as Scope)}>
            <option value="group">Whole group</option>
            <option value="topic">One topic</option>
            <option value="partitions">Chosen partitions</option>
          </select>
        </label>
        {scope !== "group" && (
          <label className="flex flex-col gap-1">
            Topic
            <select className={input} aria-label="Topic" value={topic} onChange={(e) => edit(setTopic)(e.target.value)}>
              {group.topics.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
        )}
        {scope === "partitions" && (
          <label className="flex flex-col gap-1">
            Partitions
            <input className={input} aria-label="Partitions" placeholder="0,2,5" value={parts} onChange={(e) => edit(setParts)(e.target.value)} />
          </label>
        )}
        <label className="flex flex-col gap-1">
          Target
          <select className={input} aria-label="Target" value={target} onChange={(e) => edit(setTarget)(e.target.value as Target)}>
            <option value="earliest">Earliest</option>
            <option value="latest">Latest</option>
            <option value="timestamp">A point in time</option>
            <option value="offset">An exact offset</option>
            <option value="shiftBy">Shift by N</option>
          </select>
        </label>
        {target === "timestamp" && (
          <label className="flex flex-col gap-1">
            Time (local)
            <input type="datetime-local" step="1" className={input} aria-label="Time" value={value} onChange={(e) => edit(setValue)(e.target.value)} />
          </label>
        )}
        {(target === "offset" || target === "shiftBy") && (
          <label className="flex flex-col gap-1">
            {target === "offset" ? "Offset" : "Shift by"}
            <input type="number" className={input} aria-label={target === "offset" ? "Offset" : "Shift by"} value={value} onChange={(e) => edit(setValue)(e.target.value)} />
          </label>
        )}
        <Button onClick={dryRun} disabled={typeof body === "string" || reset.isPending}>
          Dry run
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Close
        </Button>
      </div>
      {typeof body === "string" && <p className="text-sm text-slate-500">{body}</p>}
      {reset.error && <ErrorState error={reset.error} />}
      {plan && (
        <div className="space-y-2">
          <p className="text-sm" data-testid="reset-plan-summary">
            {plan.result.dryRun ? "Dry run, nothing changed:" : "Applied:"} {plan.result.partitions.length} partition{plan.result.partitions.length === 1 ? "" : "s"}, lag after{" "}
            {formatNumber(plan.result.partitions.reduce((n, p) => n + p.lag, 0))} messages.
          </p>
          <DataTable
            label="Reset plan"
            testId="reset-plan"
            rows={plan.result.partitions}
            rowKey={(p) => `${p.topic}/${p.partition}`}
            density="compact"
            columns={[
              { header: "Topic", cell: (p) => <span className="font-mono text-xs">{p.topic}</span> },
              { header: "Partition", align: "right", cell: (p) => p.partition },
              { header: "Current", align: "right", cell: (p) => (p.current === null ? "none" : formatNumber(p.current)) },
              { header: "Target", align: "right", cell: (p) => formatNumber(p.target) },
              { header: "New lag", align: "right", cell: (p) => formatNumber(p.lag) },
            ]}
          />
          {plan.result.dryRun && (
            <div className="flex items-center gap-3">
              <Button variant="danger" disabled={!!blocked} title={blocked ?? undefined} onClick={() => setConfirming(true)}>
                Apply
              </Button>
              {blocked && <span className="text-sm text-amber-700 dark:text-amber-400">{blocked}</span>}
            </div>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Reset offsets of ${group.groupId}`}
        confirmLabel={`Reset ${plan?.result.partitions.length ?? 0} partitions`}
        busy={reset.isPending}
        onConfirm={apply}
        onClose={() => setConfirming(false)}
      >
        Moves the committed offsets of consumer group <strong>{group.groupId}</strong> on {plan?.result.partitions.length ?? 0} partition
        {plan?.result.partitions.length === 1 ? "" : "s"} to the targets shown. Its consumers start there when they come back.
      </ConfirmDialog>
    </section>
  );
}
