"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/api-client";
import { SIGNATURE_HEADER, type WebhookDto, type WebhookInput } from "@/lib/alerts";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { fieldClass } from "../admin/field";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";

export function WebhooksAdmin() {
  const qc = useQueryClient();
  const hooks = useQuery({ queryKey: queryKeys.webhooks(), queryFn: ({ signal }) => api<{ items: WebhookDto[] }>(apiPaths.webhooks(), { signal }) });
  const [deleting, setDeleting] = useState<WebhookDto>();
  const refresh = () => qc.invalidateQueries({ queryKey: ["alerts"] });
  const create = useMutation({
    mutationFn: (body: WebhookInput) => api<WebhookDto>(apiPaths.webhooks(), { method: "POST", body }),
    onSuccess: () => refresh(),
  });
  const remove = useMutation({
    mutationFn: (id: number) => api(apiPaths.webhook(id), { method: "DELETE" }),
    onSuccess: () => {
      setDeleting(undefined);
      return refresh();
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    create.mutate(
      { name: String(f.get("name")), url: String(f.get("url")), secret: String(f.get("secret")), format: String(f.get("format")) as WebhookInput["format"] },
      { onSuccess: () => form.reset() },
    );
  }
  const columns: Column<WebhookDto>[] = [
    { header: "Name", rowHeader: true, sortValue: (h) => h.name, cell: (h) => h.name },
    { header: "URL", className: "font-mono text-xs", cell: (h) => h.url },
    { header: "Format", cell: (h) => h.format },
    { header: "Secret", cell: () => <span className="text-slate-500">set</span> },
    {
      id: "delete",
      header: "",
      align: "right",
      cell: (h) => (
        <Button variant="ghost" onClick={() => setDeleting(h)}>
          Delete
        </Button>
      ),
    },
  ];
  return (
    <section className="space-y-3" aria-label="Webhooks">
      <h2 className="text-lg font-medium">Webhooks</h2>
      <p className="text-sm text-slate-500">
        Each firing and resolved alert is POSTed as JSON (or Slack&apos;s <code>{"{text}"}</code>), signed in <code>{SIGNATURE_HEADER}: sha256=&lt;hex HMAC of the body&gt;</code>{" "}
        with the webhook&apos;s secret, and retried with backoff on errors. Secrets and URL paths are not shown again.
      </p>
      <QueryView query={hooks} isEmpty={(d) => !d.items.length} empty="No webhooks yet">
        {(d) => <DataTable label="Webhooks" rows={d.items} columns={columns} rowKey={(h) => String(h.id)} />}
      </QueryView>
      <Card className="p-4">
        <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-5 sm:items-end" aria-label="Create webhook">
          <label className="text-sm">Name<input name="name" required maxLength={100} className={fieldClass} /></label>
          <label className="text-sm sm:col-span-2">URL<input name="url" type="url" required maxLength={2048} placeholder="https://hooks.example.com/…" className={fieldClass} /></label>
          <label className="text-sm">Secret<input name="secret" type="password" required minLength={8} maxLength={256} autoComplete="off" className={fieldClass} /></label>
          <label className="text-sm">
            Format
            <select name="format" defaultValue="json" className={fieldClass}>
              <option value="json">JSON</option>
              <option value="slack">Slack</option>
            </select>
          </label>
          <Button type="submit" variant="primary" disabled={create.isPending}>Add webhook</Button>
        </form>
        {create.error && <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">{create.error.message}</p>}
      </Card>
      <ConfirmDialog
        open={Boolean(deleting)}
        title={`Delete webhook "${deleting?.name ?? ""}"?`}
        confirmLabel="Delete 1 webhook"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setDeleting(undefined)}
      >
        Rules that send to it stop doing so; deliveries already queued still run.
        {remove.error && <span role="alert" className="mt-2 block text-red-600 dark:text-red-400">{remove.error.message}</span>}
      </ConfirmDialog>
    </section>
  );
}
