"use client";

import Link from "next/link";
import { useState } from "react";
import type { CeleryTaskDetailDto } from "@/lib/celery";
import { pages } from "@/lib/urls";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import { useTaskRetry } from "./action-queries";

/**
 * For the task page: sends a failed or revoked task again (same name, args, kwargs and queue,
 * new id) and links to the new task. The server refuses with the reason when the arguments are
 * not known exactly; that reason is shown as it comes.
 */
export function RetryTaskButton({ sourceId, task }: { sourceId: string; task: CeleryTaskDetailDto }) {
  const retry = useTaskRetry(sourceId);
  const [open, setOpen] = useState(false);
  if (task.state !== "FAILURE" && task.state !== "REVOKED") return null;
  return (
    <div className="space-y-2">
      <Button onClick={() => setOpen(true)} disabled={retry.isPending}>
        Retry
      </Button>
      {retry.data && (
        <p role="status" className="text-sm">
          Sent again as{" "}
          <Link className="font-mono text-indigo-700 hover:underline dark:text-indigo-300" href={pages.celeryTask(sourceId, retry.data.taskId)}>
            {retry.data.taskId}
          </Link>{" "}
          to <span className="font-mono">{retry.data.queue}</span>.
        </p>
      )}
      {retry.error && <ErrorState error={retry.error} />}
      <ConfirmDialog
        open={open}
        title={`Send ${task.name ?? "this task"} again?`}
        confirmLabel="Retry"
        danger={false}
        busy={retry.isPending}
        onClose={() => setOpen(false)}
        onConfirm={() => {
          retry.mutate(task.id);
          setOpen(false);
        }}
      >
        <p>
          A new task with the same arguments goes to <span className="font-mono">{task.queue ?? task.routingKey ?? "its queue"}</span>, linked to this one. If the
          task has side effects, they happen again.
        </p>
        {task.args !== null && <pre className="max-h-40 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">{`args ${task.args}\nkwargs ${task.kwargs ?? "{}"}`}</pre>}
      </ConfirmDialog>
    </div>
  );
}
