"use client";

import Link from "next/link";
import { useState } from "react";
import type { CeleryTaskDetailDto } from "@/lib/celery";
import type { SourceSummary } from "@/lib/dto";
import { pages } from "@/lib/urls";
import { usePermissions } from "../queries";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import { ControlReply } from "./control-reply";
import { useRevoke } from "./queries";
import { RevokeDialog } from "./revoke-dialog";
import { useRetryTask } from "./task-queries";
import { isFinalState } from "./task-states";

const NOT_RETRYABLE = "QueueDeck does not know this task's args and kwargs exactly (no event carried them whole), so it cannot send it again.";

/** Revoke (while the task can still be stopped) and Retry (send it again), with what each answered. */
export function TaskActions({ source, task }: { source: SourceSummary; task: CeleryTaskDetailDto }) {
  const { canAct, why } = usePermissions();
  const revoke = useRevoke(source.id);
  const retry = useRetryTask(source.id, task.id);
  const [dialog, setDialog] = useState<"revoke" | "retry" | null>(null);
  const revocable = source.capabilities.revoke && !isFinalState(task.state);
  const retryWhy = !canAct ? why : !task.retryable ? NOT_RETRYABLE : undefined;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap justify-end gap-2">
        {revocable && (
          <span title={canAct ? undefined : why}>
            <Button variant="danger" onClick={() => setDialog("revoke")} disabled={!canAct || revoke.isPending} className="disabled:opacity-50">
              Revoke…
            </Button>
          </span>
        )}
        <span title={retryWhy} data-testid="retry-wrapper">
          <Button onClick={() => setDialog("retry")} disabled={retryWhy !== undefined || retry.isPending} className="disabled:opacity-50">
            Retry…
          </Button>
        </span>
      </div>
      {revoke.error && <ErrorState error={revoke.error} />}
      {revoke.data && <ControlReply outcome={revoke.data} />}
      {retry.error && <ErrorState error={retry.error} />}
      {retry.data && (
        <p role="status" data-testid="retry-sent" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
          Sent again as{" "}
          <Link href={pages.celeryTask(source.id, retry.data.taskId)} className="font-mono underline">
            {retry.data.taskId}
          </Link>
        </p>
      )}
      <RevokeDialog
        task={dialog === "revoke" ? task : null}
        busy={revoke.isPending}
        onClose={() => setDialog(null)}
        onConfirm={(body) => {
          revoke.mutate({ taskId: task.id, body });
          setDialog(null);
        }}
      />
      <ConfirmDialog
        open={dialog === "retry"}
        title={`Send ${task.name ?? "this task"} again?`}
        confirmLabel="Retry"
        danger={false}
        busy={retry.isPending}
        onClose={() => setDialog(null)}
        onConfirm={() => {
          retry.mutate();
          setDialog(null);
        }}
      >
        A new task with the same args and kwargs is sent{task.queue ? ` to ${task.queue}` : ""}, with a new id; this one stays as it is. Any side effect the task
        has happens again.
      </ConfirmDialog>
    </div>
  );
}
