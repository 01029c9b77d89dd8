"use client";

import { useState } from "react";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { OperationProgress } from "../operation-progress";
import { Card } from "../ui/card";
import { MessageList } from "./message-list";
import type { Started } from "./move-dialogs";
import { useCanAct, useInvalidateSource } from "./queries";
import { QueueActions } from "./queue-actions";

/** Actions, running operations and the message peek of one queue (queue page and dead-letters view). */
export function QueueWorkbench({ source, q }: { source: string; q: RabbitQueueDto }) {
  const canAct = useCanAct();
  const invalidateSource = useInvalidateSource(source);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [actedAt, setActedAt] = useState<number>();
  const invalidate = () => {
    setActedAt(Date.now());
    setSelected(new Set());
    return invalidateSource();
  };
  const [ops, setOps] = useState<(Started & { label: string })[]>([]);
  return (
    <div className="space-y-4">
      {canAct ? (
        <QueueActions source={source} q={q} selected={selected} onChanged={invalidate} onStarted={(s) => setOps((o) => [s, ...o])} />
      ) : (
        <p className="text-xs text-slate-500">Actions need the operator role on this source and a server that is not read-only.</p>
      )}
      {ops.map((op) => (
        <Card key={op.operationId} className="p-4">
          <OperationProgress
            id={op.operationId}
            onFinished={() => void invalidate()}
          />
        </Card>
      ))}
      <MessageList key={q.id} source={source} queue={q.id} selected={selected} onSelect={setSelected} selectable={canAct && q.type !== "stream"} actedAt={actedAt} />
    </div>
  );
}
