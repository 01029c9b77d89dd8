"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { formatNumber } from "@/lib/format";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import { MoveDialog, type Started } from "./move-dialogs";
import { PublishDialog } from "./publish-dialog";
import { apiPaths } from "@/lib/urls";
import { ShovelDialog } from "./shovel-dialog";

type Open = "purge" | "publish" | "replay" | "retry" | "move" | null;

/** Purge, publish, replay, delayed retry and move-all for one queue; each behind its dialog. */
export function QueueActions({ source, q, selected, onStarted, onChanged }: { source: string; q: RabbitQueueDto; selected: Set<string>; onStarted: (s: Started & { label: string }) => void; onChanged: () => void }) {
  const [open, setOpen] = useState<Open>(null);
  const [purged, setPurged] = useState<number | null>(null);
  const close = () => setOpen(null);
  const purge = useMutation({
    mutationFn: () => api<{ purged: number }>(apiPaths.queueVerb(source, q.id, "purge"), { method: "POST" }),
    onSuccess: (r) => {
      setPurged(r.purged);
      close();
      onChanged();
    },
  });
  const stream = q.type === "stream";
  const ready = q.ready ?? 0;
  return (
    <div className="flex flex-wrap items-center gap-2" aria-label="Queue actions">
      <Button onClick={() => setOpen("publish")}>Publish message</Button>
      {!stream && (
        <>
          <Button variant="primary" onClick={() => setOpen("replay")} disabled={ready === 0 && selected.size === 0}>
            Replay{selected.size ? ` ${selected.size} picked` : ""}
          </Button>
          <Button onClick={() => setOpen("retry")} disabled={ready === 0 && selected.size === 0}>
            Retry later
          </Button>
          <Button onClick={() => setOpen("move")} disabled={ready === 0}>
            Move all
          </Button>
          <Button variant="danger" onClick={() => setOpen("purge")} disabled={ready === 0}>
            Purge
          </Button>
        </>
      )}
      {purged !== null && (
        <span role="status" className="text-sm text-slate-600 dark:text-slate-300">
          Purged {formatNumber(purged)} messages.
        </span>
      )}
      <ConfirmDialog
        open={open === "purge"}
        title={`Purge ${formatNumber(ready)} messages from ${q.name}?`}
        confirmLabel="Purge"
        confirmText={q.name}
        busy={purge.isPending}
        onConfirm={() => purge.mutate()}
        onClose={close}
      >
        <p>
          Deletes every ready message of <strong className="font-mono">{q.name}</strong> (vhost <code>{q.vhost}</code>). This cannot be undone.
        </p>
        {purge.error && <ErrorState error={purge.error} />}
      </ConfirmDialog>
      {open === "publish" && <PublishDialog source={source} vhost={q.vhost} routingKey={q.name} open onClose={close} onPublished={onChanged} />}
      {(open === "replay" || open === "retry") && (
        <MoveDialog kind={open} source={source} q={q} selected={selected} open onClose={close} onStarted={(s) => onStarted({ ...s, label: open === "retry" ? "Delayed retry" : "Replay" })} />
      )}
      {open === "move" && <ShovelDialog source={source} q={q} open onClose={close} onStarted={(s) => onStarted({ ...s, label: "Move" })} />}
    </div>
  );
}
