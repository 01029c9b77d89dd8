"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queueIdOf, type PublishResultDto } from "@/lib/rabbitmq";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import { Field, fieldCls } from "./form";
import { apiPaths } from "@/lib/urls";
import { useExchanges } from "./queries";

function parseHeaders(text: string): Record<string, string | number | boolean | null> {
  if (!text.trim()) return {};
  const v: unknown = JSON.parse(text);
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error("headers: a JSON object, e.g. {\"tenant\": \"acme\"}");
  return v as Record<string, string | number | boolean | null>;
}

/** A test message to an exchange of the vhost, with routing key, properties and headers. */
export function PublishDialog({
  source,
  vhost,
  exchange: initialExchange = "",
  routingKey: initialKey,
  open,
  onClose,
  onPublished,
}: {
  source: string;
  vhost: string;
  exchange?: string;
  routingKey: string;
  open: boolean;
  onClose: () => void;
  onPublished?: () => void;
}) {
  const [exchange, setExchange] = useState(initialExchange);
  const [routingKey, setRoutingKey] = useState(initialKey);
  const [payload, setPayload] = useState('{"hello": "world"}');
  const [encoding, setEncoding] = useState<"text" | "base64">("text");
  const [contentType, setContentType] = useState("application/json");
  const [headers, setHeaders] = useState("");
  const [persistent, setPersistent] = useState(true);
  const exchanges = useExchanges(source, open).data?.items.filter((e) => e.vhost === vhost && !e.internal) ?? [];
  const publish = useMutation({
    mutationFn: async () => {
      const body = { routingKey, payload, payloadEncoding: encoding, properties: { persistent, ...(contentType ? { contentType } : {}) }, headers: parseHeaders(headers) };
      return api<PublishResultDto>(apiPaths.exchangePublish(source, queueIdOf(vhost, exchange)), { method: "POST", body });
    },
    onSuccess: () => onPublished?.(),
  });
  return (
    <ConfirmDialog
      open={open}
      title="Publish a test message"
      confirmLabel="Publish"
      danger={false}
      busy={publish.isPending}
      onConfirm={() => publish.mutate()}
      onClose={() => {
        publish.reset();
        onClose();
      }}
    >
      <div className="space-y-3">
        <div className="grid grid-cols-2 gap-3">
          <Field label="Exchange">
            <select className={fieldCls} value={exchange} onChange={(e) => setExchange(e.target.value)}>
              <option value="">(default exchange)</option>
              {exchanges
                .filter((e) => e.name !== "")
                .map((e) => (
                  <option key={e.id} value={e.name}>
                    {e.name} ({e.type})
                  </option>
                ))}
            </select>
          </Field>
          <Field label="Routing key">
            <input className={fieldCls} value={routingKey} onChange={(e) => setRoutingKey(e.target.value)} />
          </Field>
        </div>
        <Field label="Payload">
          <textarea className={`${fieldCls} h-28 font-mono text-xs`} value={payload} onChange={(e) => setPayload(e.target.value)} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Payload is">
            <select className={fieldCls} value={encoding} onChange={(e) => setEncoding(e.target.value as "text" | "base64")}>
              <option value="text">text (UTF-8)</option>
              <option value="base64">base64 (binary)</option>
            </select>
          </Field>
          <Field label="Content type">
            <input className={fieldCls} value={contentType} onChange={(e) => setContentType(e.target.value)} />
          </Field>
        </div>
        <Field label="Headers (JSON object)">
          <input className={`${fieldCls} font-mono text-xs`} placeholder='{"tenant": "acme"}' value={headers} onChange={(e) => setHeaders(e.target.value)} />
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={persistent} onChange={(e) => setPersistent(e.target.checked)} /> Persistent (delivery mode 2)
        </label>
        {publish.error && <ErrorState error={publish.error} />}
        {publish.data && (
          <p role="status" className={publish.data.routed ? "text-emerald-700 dark:text-emerald-400" : "text-amber-700 dark:text-amber-400"}>
            {publish.data.routed ? "Published and routed to at least one queue." : "Published, but no queue is bound for this routing key: the broker returned it."}
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}
