"use client";

import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { PurgeResultDto, TopicPageDto } from "@/lib/kafka";
import { formatNumber } from "@/lib/format";
import { apiPaths } from "@/lib/urls";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";

/** Purge the whole topic (admin): confirmed by typing its name, naming the count; compacted topics are refused by the server (409). */
export function PurgeDialog({ source, detail, onClose, onPurged }: { source: string; detail: TopicPageDto; onClose: () => void; onPurged?: () => void }) {
  const purge = useMutation({
    mutationFn: () => api<PurgeResultDto>(apiPaths.topicVerb(source, detail.name, "purge"), { method: "POST", body: {} }),
    onSuccess: () => onPurged?.(),
  });
  return (
    <ConfirmDialog
      open
      title={`Purge ${detail.name}?`}
      confirmLabel={`Delete ${formatNumber(detail.messages)} messages`}
      confirmText={detail.name}
      busy={purge.isPending}
      onConfirm={() => purge.mutate()}
      onClose={onClose}
    >
      <div className="space-y-2">
        <p>
          Deletes the {formatNumber(detail.messages)} retained messages of <b className="font-mono">{detail.name}</b> in {detail.partitions.length} partitions, for every
          reader: each partition&apos;s log then starts at its latest offset. This cannot be undone.
        </p>
        {purge.error && <ErrorState error={purge.error} />}
        {purge.data && (
          <p className="text-emerald-700 dark:text-emerald-400" data-testid="purged">
            Deleted {formatNumber(purge.data.deleted)} messages.
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}
