"use client";

import { formatNumber } from "@/lib/format";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import { useQueuePurge } from "./action-queries";

/** Purge a Celery queue, confirmed by typing its name; the dialog names the queue and how many wait. */
export function PurgeQueueDialog({
  sourceId,
  queue,
  onClose,
  onPurged,
}: {
  sourceId: string;
  queue: { name: string; depth: number } | null;
  onClose: () => void;
  onPurged: (queue: string, purged: number) => void;
}) {
  const purge = useQueuePurge(sourceId);
  return (
    <ConfirmDialog
      open={queue !== null}
      title={`Purge ${formatNumber(queue?.depth ?? 0)} tasks from ${queue?.name ?? ""}?`}
      confirmLabel="Purge"
      confirmText={queue?.name}
      busy={purge.isPending}
      onClose={() => {
        purge.reset();
        onClose();
      }}
      onConfirm={() =>
        purge.mutate(queue!.name, {
          onSuccess: (r) => {
            onPurged(queue!.name, r.purged);
            onClose();
          },
        })
      }
    >
      <p>
        Deletes every task waiting in <strong className="font-mono">{queue?.name}</strong>. Tasks a worker already took (running or reserved) are not
        affected. This cannot be undone.
      </p>
      {purge.error && <ErrorState error={purge.error} />}
    </ConfirmDialog>
  );
}
