"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { CancelResultDto, JobDetailDto } from "@/lib/bullmq";
import { queryKeys } from "@/lib/query-keys";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import { apiPaths, pages } from "@/lib/urls";
import { usePermissions } from "../queries";
import { ActionsHidden } from "../actions-hidden";

type Verb = "retry" | "promote" | "cancel" | "remove";

/** Retry, promote, cancel or remove one job: each offered only in the states where it applies. */
export function JobButtons({ sourceId, queueId, queueName, job }: { sourceId: string; queueId: string; queueName: string; job: JobDetailDto }) {
  const perms = usePermissions();
  const qc = useQueryClient();
  const router = useRouter();
  const [confirm, setConfirm] = useState<Verb | null>(null);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const mutation = useMutation({
    mutationFn: (verb: Verb) =>
      verb === "remove"
        ? api(apiPaths.job(sourceId, queueId, job.id), { method: "DELETE" })
        : api<Record<string, unknown>>(apiPaths.jobVerb(sourceId, queueId, job.id, verb), { method: "POST", body: {} }),
    onSuccess: (r, verb) => {
      if (verb === "remove") return router.push(pages.bullQueue(sourceId, queueName));
      if (verb === "cancel") {
        const c = r as unknown as CancelResultDto;
        setMessage({ text: c.message, ok: c.cancelled });
      } else setMessage({ text: verb === "retry" ? "Retried: the job is waiting again." : "Promoted: the job is waiting now.", ok: true });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.queue(sourceId, queueId) }),
  });
  if (perms.loading) return null;
  if (!perms.canAct) {
    return <ActionsHidden why={perms.why} />;
  }
  const s = job.state;
  const dialogs: Record<Verb, { title: string; body: string; label: string }> = {
    retry: { title: `Retry job ${job.id}?`, body: `Job ${job.id} (${job.name}) of queue ${queueName} moves back to waiting: 1 job.`, label: "Retry 1 job" },
    promote: { title: `Promote job ${job.id}?`, body: `Job ${job.id} (${job.name}) of queue ${queueName} runs now instead of later: 1 job.`, label: "Promote 1 job" },
    remove: { title: `Remove job ${job.id}?`, body: `Job ${job.id} (${job.name}) of queue ${queueName} is deleted with its data and logs: 1 job.`, label: "Remove 1 job" },
    cancel: { title: `Cancel job ${job.id}?`, body: `The worker running job ${job.id} of ${queueName} is asked to abort it (needs attachCancellation in that worker).`, label: "Cancel job" },
  };
  const d = confirm ? dialogs[confirm] : undefined;
  const ask = (verb: Verb) => {
    setMessage(null);
    setConfirm(verb);
  };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2" data-testid="job-actions">
        {(s === "failed" || s === "completed") && (
          <Button variant="primary" onClick={() => ask("retry")} disabled={mutation.isPending}>
            Retry job…
          </Button>
        )}
        {s === "delayed" && (
          <Button onClick={() => ask("promote")} disabled={mutation.isPending}>
            Promote now…
          </Button>
        )}
        {s === "active" && (
          <Button variant="danger" onClick={() => ask("cancel")} disabled={mutation.isPending}>
            Cancel job…
          </Button>
        )}
        {s !== "active" && (
          <Button variant="danger" onClick={() => ask("remove")} disabled={mutation.isPending}>
            Remove…
          </Button>
        )}
      </div>
      {message && (
        <p role="status" data-testid="job-action-result" className={`text-sm ${message.ok ? "text-emerald-700 dark:text-emerald-400" : "text-amber-700 dark:text-amber-400"}`}>
          {message.text}
        </p>
      )}
      {mutation.error && <ErrorState error={mutation.error} />}
      <ConfirmDialog
        open={d !== undefined}
        title={d?.title ?? ""}
        confirmLabel={d?.label ?? ""}
        busy={mutation.isPending}
        onClose={() => setConfirm(null)}
        danger={confirm === "remove" || confirm === "cancel"}
        onConfirm={() => {
          mutation.mutate(confirm!);
          setConfirm(null);
        }}
      >
        {d?.body}
      </ConfirmDialog>
    </div>
  );
}
