"use client";

import { useState } from "react";
import { REVOKE_SIGNALS, type RevokeBody } from "@/lib/celery";
import { ConfirmDialog } from "../ui/confirm-dialog";

/** What the dialog names: a running task of the panel, or a task of the history. */
export interface RevokeTarget {
  id: string;
  name: string | null;
  worker: string | null;
}

/**
 * Revoke one running task. Without terminate the workers only drop it if it has not started;
 * terminate also signals the pool process running it, which kills whatever that process was doing.
 */
export function RevokeDialog({
  task,
  busy,
  onConfirm,
  onClose,
}: {
  task: RevokeTarget | null;
  busy: boolean;
  onConfirm: (body: RevokeBody) => void;
  onClose: () => void;
}) {
  const [terminate, setTerminate] = useState(true);
  const [signal, setSignal] = useState<(typeof REVOKE_SIGNALS)[number]>("TERM");
  return (
    <ConfirmDialog
      open={task !== null}
      title={`Revoke task ${task?.id ?? ""}?`}
      confirmLabel={terminate ? `Revoke and send SIG${signal}` : "Revoke"}
      busy={busy}
      onClose={onClose}
      onConfirm={() => onConfirm(terminate ? { terminate: true, signal } : { terminate: false })}
    >
      <div className="space-y-3">
        <p>
          Every worker is told to discard <code className="break-all">{task?.id}</code> ({task?.name ?? "unknown task"}
          {task?.worker ? `, on ${task.worker}` : ""}). A task that is already running keeps
          running unless it is terminated.
        </p>
        <label className="flex items-start gap-2">
          <input type="checkbox" className="mt-1" checked={terminate} onChange={(e) => setTerminate(e.target.checked)} />
          <span>
            Terminate: also kill the worker&apos;s pool process running it. Its work is lost, and anything else that process was doing stops too.
          </span>
        </label>
        <label className="flex items-center gap-2 pl-6">
          Signal
          <select
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm disabled:opacity-50 dark:border-slate-700 dark:bg-slate-950"
            value={signal}
            disabled={!terminate}
            onChange={(e) => setSignal(e.target.value as (typeof REVOKE_SIGNALS)[number])}
          >
            <option value="TERM">TERM (the task may clean up)</option>
            <option value="KILL">KILL (immediately, no clean-up)</option>
          </select>
        </label>
      </div>
    </ConfirmDialog>
  );
}
