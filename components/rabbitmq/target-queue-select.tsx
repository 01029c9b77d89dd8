"use client";

import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { Field, fieldCls } from "./form";
import { useRabbitQueues } from "./queries";

/** Where messages of `q` can be moved: other non-stream queues of the same vhost (from the snapshot). */
export function TargetQueueSelect({ source, q, value, onChange }: { source: string; q: RabbitQueueDto; value: string; onChange: (name: string) => void }) {
  const queues = useRabbitQueues(source).data?.items.filter((x) => x.vhost === q.vhost && x.id !== q.id && x.type !== "stream") ?? [];
  return (
    <Field label="Target queue">
      <select className={fieldCls} value={value} onChange={(e) => onChange(e.target.value)} aria-label="Target queue">
        <option value="">Pick a queue…</option>
        {queues.map((x) => (
          <option key={x.id}>{x.name}</option>
        ))}
      </select>
    </Field>
  );
}
