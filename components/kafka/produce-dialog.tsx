"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api-client";
import type { ProduceResultDto } from "@/lib/kafka";
import { apiPaths } from "@/lib/urls";
import { Field, fieldCls } from "../rabbitmq/form";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";

function parseHeaders(text: string): Record<string, string> {
  if (!text.trim()) return {};
  const v: unknown = JSON.parse(text);
  if (!v || typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string")) {
    throw new Error('headers: a JSON object of strings, e.g. {"tenant": "acme"}');
  }
  return v as Record<string, string>;
}

/** Produce one message (operator): key, value (text or base64), headers, optional partition. */
export function ProduceDialog({ source, topic, partitions, onClose, onProduced }: { source: string; topic: string; partitions: number; onClose: () => void; onProduced?: () => void }) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [encoding, setEncoding] = useState<"text" | "base64">("text");
  const [headers, setHeaders] = useState("");
  const [partition, setPartition] = useState("");
  const produce = useMutation({
    mutationFn: async () => {
      const body = {
        ...(key ? { key } : {}),
        value,
        encoding,
        headers: parseHeaders(headers),
        ...(partition !== "" ? { partition: Number(partition) } : {}),
      };
      return api<ProduceResultDto>(apiPaths.topicMessages(source, topic), { method: "POST", body });
    },
    onSuccess: () => onProduced?.(),
  });
  return (
    <ConfirmDialog open title={`Produce a message to ${topic}`} confirmLabel="Produce" danger={false} busy={produce.isPending} onConfirm={() => produce.mutate()} onClose={onClose}>
      <div className="space-y-3">
        <Field label="Key" hint="empty: no key">
          <input className={fieldCls} value={key} onChange={(e) => setKey(e.target.value)} aria-label="Key" />
        </Field>
        <Field label="Value">
          <textarea className={`${fieldCls} font-mono`} rows={5} value={value} onChange={(e) => setValue(e.target.value)} aria-label="Value" />
        </Field>
        <Field label="Value encoding">
          <select className={fieldCls} value={encoding} onChange={(e) => setEncoding(e.target.value as "text" | "base64")} aria-label="Value encoding">
            <option value="text">Text (UTF-8)</option>
            <option value="base64">Base64 (binary)</option>
          </select>
        </Field>
        <Field label="Headers" hint='JSON object of strings, e.g. {"tenant": "acme"}'>
          <input className={`${fieldCls} font-mono`} value={headers} onChange={(e) => setHeaders(e.target.value)} aria-label="Headers" />
        </Field>
        <Field label="Partition" hint="empty: chosen by the key (or round robin)">
          <select className={fieldCls} value={partition} onChange={(e) => setPartition(e.target.value)} aria-label="Partition">
            <option value="">By key</option>
            {Array.from({ length: partitions }, (_, p) => (
              <option key={p} value={String(p)}>
                {p}
              </option>
            ))}
          </select>
        </Field>
        {produce.error && <ErrorState error={produce.error} />}
        {produce.data && (
          <p className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="produced">
            Sent: partition {produce.data.partition}, offset {produce.data.offset} (acknowledged by every in-sync replica)
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}
