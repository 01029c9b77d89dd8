"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { formatNumber } from "@/lib/format";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import type { Started } from "./move-dialogs";
import { apiPaths } from "@/lib/urls";
import { TargetQueueSelect } from "./target-queue-select";

/** The whole queue into another one, done by RabbitMQ itself (a temporary dynamic shovel). */
export function ShovelDialog({ source, q, open, onClose, onStarted }: { source: string; q: RabbitQueueDto; open: boolean; onClose: () => void; onStarted: (s: Started) => void }) {
  const [target, setTarget] = useState("");
  const start = useMutation({
    mutationFn: () => api<Started>(apiPaths.queueVerb(source, q.id, "move"), { method: "POST", body: { target } }),
    onSuccess: (s) => {
      onStarted(s);
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open={open}
      title={`Move all ${formatNumber(q.ready ?? 0)} messages from ${q.name}`}
      confirmLabel="Move all"
      danger={false}
      busy={start.isPending}
      ready={Boolean(target)}
      onConfirm={() => start.mutate()}
      onClose={onClose}
    >
      <div className="space-y-3">
        <p>
          The fast path: RabbitMQ moves the messages itself with a temporary shovel (acknowledged on confirm, so nothing is lost), as the management UI&apos;s
          &quot;Move messages&quot; does. It moves what the queue holds now, then removes itself.
        </p>
        <TargetQueueSelect source={source} q={q} value={target} onChange={setTarget} />
        {start.error && <ErrorState error={start.error} />}
      </div>
    </ConfirmDialog>
  );
}
