"use client";

import { useState, type ReactNode } from "react";
import type { BullQueueDto } from "@/lib/bullmq";
import { formatNumber } from "@/lib/format";
import type { QueueVerb } from "@/lib/urls";
import { OperationProgress } from "../operation-progress";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import { CleanFields, ObliterateFields, type CleanChoice } from "./action-fields";
import { useQueueMutation } from "./queries";
import { usePermissions } from "../queries";
import { ActionsHidden } from "../actions-hidden";

type ActionId = "pause" | "retry-failed" | "retry-completed" | "promote" | "clean" | "drain" | "obliterate";

interface Dialog {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** Typed confirmation for what cannot be undone. */
  confirmText?: string;
  danger: boolean;
  run: () => Promise<void>;
}

const n = (v: number) => formatNumber(v);
/** "removed 31" from `{ ok: true, removed: 31 }`. */
const counted = (r: Record<string, unknown>) =>
  Object.entries(r)
    .filter(([k, v]) => k !== "ok" && typeof v === "number")
    .map(([k, v]) => `${k} ${formatNumber(v as number)}`)
    .join(", ");

/** Queue-level actions, each confirmed in a dialog naming the queue and how many jobs it touches. */
export function QueueActions({ sourceId, q }: { sourceId: string; q: BullQueueDto }) {
  const perms = usePermissions();
  const mutation = useQueueMutation<Record<string, unknown>>(sourceId, q.id);
  const [open, setOpen] = useState<ActionId | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [operationId, setOperationId] = useState<string | null>(null);
  const [clean, setClean] = useState<CleanChoice>({ state: "completed", olderThanMs: 24 * 3600_000 });
  const [force, setForce] = useState(false);
  const c = q.counts;
  const waiting = c.waiting + c.prioritized;
  const name = <strong className="font-mono">{q.name}</strong>;

  const call = (label: string, verb: QueueVerb, body?: unknown) => async () => {
    const r = await mutation.mutateAsync({ verb, body });
    setResult(`${label}: ${counted(r) || "done"}`);
  };
  const retryAll = (state: "failed" | "completed", count: number): Dialog => ({
    title: `Retry ${n(count)} ${state} jobs in ${q.name}?`,
    body: <>Every {state} job in {name} ({n(count)} now) moves back to waiting, in batches, with a progress bar.</>,
    confirmLabel: `Retry ${n(count)} jobs`,
    danger: false,
    run: async () => {
      const r = await mutation.mutateAsync({ verb: "retry", body: { state } });
      setOperationId(String(r.operationId));
    },
  });
  const dialogs: Record<ActionId, () => Dialog> = {
    pause: () =>
      q.paused
        ? {
            title: `Resume ${q.name}?`,
            body: <>Workers take jobs from {name} again: {n(waiting)} are waiting.</>,
            confirmLabel: "Resume queue",
            danger: false,
            run: call("Resumed", "resume"),
          }
        : {
            title: `Pause ${q.name}?`,
            body: <>Workers stop taking new jobs from {name}; its {n(waiting)} waiting jobs stay queued and {n(c.active)} active ones finish.</>,
            confirmLabel: "Pause queue",
            danger: false,
            run: call("Paused", "pause"),
          },
    "retry-failed": () => retryAll("failed", c.failed),
    "retry-completed": () => retryAll("completed", c.completed),
    promote: () => ({
      title: `Promote ${n(c.delayed)} delayed jobs in ${q.name}?`,
      body: <>They move to waiting and run now instead of later.</>,
      confirmLabel: `Promote ${n(c.delayed)} jobs`,
      danger: false,
      run: call("Promoted", "promote"),
    }),
    clean: () => ({
      title: `Clean old jobs in ${q.name}?`,
      body: <CleanFields counts={c} value={clean} onChange={setClean} />,
      confirmLabel: `Clean ${clean.state} jobs`,
      danger: true,
      run: call("Cleaned", "clean", clean),
    }),
    drain: () => ({
      title: `Drain ${q.name}?`,
      body: <>Removes the {n(waiting)} waiting and {n(c.delayed)} delayed jobs of {name}. Active, completed and failed jobs stay.</>,
      confirmLabel: `Remove ${n(waiting + c.delayed)} jobs`,
      confirmText: q.name,
      danger: true,
      run: call("Drained", "drain", { delayed: true }),
    }),
    obliterate: () => ({
      title: `Obliterate ${q.name}?`,
      body: <ObliterateFields q={q} force={force} onForce={setForce} />,
      confirmLabel: "Obliterate queue",
      confirmText: q.name,
      danger: true,
      run: call("Obliterated", "obliterate", { force }),
    }),
  };
  const buttons: { id: ActionId; label: string; show: boolean; danger?: boolean }[] = [
    { id: "retry-failed", label: `Retry failed (${n(c.failed)})`, show: c.failed > 0 },
    { id: "retry-completed", label: `Retry completed (${n(c.completed)})`, show: c.completed > 0 },
    { id: "promote", label: `Promote delayed (${n(c.delayed)})`, show: c.delayed > 0 },
    { id: "clean", label: "Clean…", show: c.completed + c.failed > 0, danger: true },
    { id: "drain", label: `Drain (${n(waiting + c.delayed)})`, show: waiting + c.delayed > 0, danger: true },
    { id: "obliterate", label: "Obliterate…", show: perms.canAdmin, danger: true },
  ];

  if (perms.loading) return null;
  if (!perms.canAct) {
    return <ActionsHidden why={perms.why} />;
  }
  const dialog = open ? dialogs[open]() : null;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2" data-testid="queue-actions">
        <Button disabled={mutation.isPending} onClick={() => (setResult(null), setOpen("pause"))}>
          {q.paused ? "Resume…" : "Pause…"}
        </Button>
        {buttons
          .filter((b) => b.show)
          .map((b) => (
            // Openers stay quiet; the red button is the one in the dialog that acts.
            <Button key={b.id} className={b.danger ? "text-red-700 dark:text-red-400" : ""} onClick={() => (setResult(null), setOpen(b.id))}>
              {b.label}
            </Button>
          ))}
      </div>
      {result && (
        <p className="text-sm text-emerald-700 dark:text-emerald-400" role="status" data-testid="action-result">
          {result}
        </p>
      )}
      {mutation.error && <ErrorState error={mutation.error} />}
      {operationId && <OperationProgress key={operationId} id={operationId} />}
      <ConfirmDialog
        open={dialog !== null}
        title={dialog?.title ?? ""}
        confirmLabel={dialog?.confirmLabel ?? ""}
        confirmText={dialog?.confirmText}
        danger={dialog?.danger ?? true}
        busy={mutation.isPending}
        onClose={() => setOpen(null)}
        onConfirm={() => void dialog?.run().then(() => setOpen(null), () => setOpen(null))}
      >
        {dialog?.body}
      </ConfirmDialog>
    </div>
  );
}
