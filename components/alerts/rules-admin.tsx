"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/api-client";
import { ALERT_OPS, ALERT_SEVERITIES, KNOWN_ALERT_METRICS, type AlertRuleDto, type AlertRuleInput, type WebhookDto } from "@/lib/alerts";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { fieldClass } from "../admin/field";
import { useSources } from "../queries";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { SeverityBadge } from "./alert-badges";

export function RulesAdmin() {
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: queryKeys.alertRules(), queryFn: ({ signal }) => api<{ items: AlertRuleDto[] }>(apiPaths.alertRules(), { signal }) });
  const hooks = useQuery({ queryKey: queryKeys.webhooks(), queryFn: ({ signal }) => api<{ items: WebhookDto[] }>(apiPaths.webhooks(), { signal }) });
  const sources = useSources();
  const [editing, setEditing] = useState<AlertRuleDto>();
  const [deleting, setDeleting] = useState<AlertRuleDto>();
  const refresh = () => qc.invalidateQueries({ queryKey: ["alerts"] });
  const save = useMutation({
    mutationFn: ({ id, body }: { id?: number; body: AlertRuleInput }) =>
      api<AlertRuleDto>(id ? apiPaths.alertRule(id) : apiPaths.alertRules(), { method: id ? "PUT" : "POST", body }),
    onSuccess: () => {
      setEditing(undefined);
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => api(apiPaths.alertRule(id), { method: "DELETE" }),
    onSuccess: () => {
      setDeleting(undefined);
      return refresh();
    },
  });
  const hookName = (id: number) => hooks.data?.items.find((h) => h.id === id)?.name ?? `#${id}`;
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    save.mutate({
      ...(editing ? { id: editing.id } : {}),
      body: {
        name: String(f.get("name")),
        source: String(f.get("source")),
        entity: String(f.get("entity")),
        metric: String(f.get("metric")) as AlertRuleInput["metric"],
        op: String(f.get("op")) as AlertRuleInput["op"],
        threshold: Number(f.get("threshold")),
        forSeconds: Number(f.get("forSeconds")),
        severity: String(f.get("severity")) as AlertRuleInput["severity"],
        webhookIds: f.getAll("webhookIds").map(Number),
      },
    });
  }
  const columns: Column<AlertRuleDto>[] = [
    { header: "Name", rowHeader: true, sortValue: (r) => r.name, cell: (r) => r.name },
    { header: "Severity", cell: (r) => <SeverityBadge severity={r.severity} /> },
    { header: "Scope", cell: (r) => `${r.source} / ${r.metric === "sourceDown" ? "(source)" : r.entity}` },
    { header: "Condition", className: "font-mono text-xs", cell: (r) => `${r.metric} ${r.op} ${r.threshold} for ${r.forSeconds}s` },
    { header: "Webhooks", className: "text-xs", cell: (r) => (r.webhookIds.length ? r.webhookIds.map(hookName).join(", ") : "none") },
    {
      id: "actions",
      header: "",
      align: "right",
      cell: (r) => (
        <span className="flex justify-end gap-1">
          <Button variant="ghost" onClick={() => setEditing(r)}>Edit</Button>
          <Button variant="ghost" onClick={() => setDeleting(r)}>Delete</Button>
        </span>
      ),
    },
  ];
  const r = editing;
  return (
    <section className="space-y-3" aria-label="Alert rules">
      <h2 className="text-lg font-medium">Rules</h2>
      <p className="text-sm text-slate-500">
        A rule fires when its metric stays past the threshold for its duration, and resolves once it has been back for as long (one tick for 0 s).
        The entity is a queue, group, topic or task name; <code>*</code> matches any run of characters (<code>orders.*</code>). RabbitMQ queues
        outside the default vhost also match as <code>vhost/queue</code>.
      </p>
      <QueryView query={rules} isEmpty={(d) => !d.items.length} empty="No alert rules yet">
        {(d) => <DataTable label="Alert rules" rows={d.items} columns={columns} rowKey={(x) => String(x.id)} />}
      </QueryView>
      <Card className="p-4">
        <form key={r?.id ?? "new"} onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-4 sm:items-end" aria-label={r ? `Edit rule ${r.name}` : "Create rule"}>
          <label className="text-sm">Name<input name="name" required maxLength={100} defaultValue={r?.name} className={fieldClass} /></label>
          <label className="text-sm">
            Source
            <select name="source" defaultValue={r?.source ?? "*"} className={fieldClass}>
              <option value="*">every source (*)</option>
              {sources.data?.map((s) => (
                <option key={s.id} value={s.id}>{s.name} ({s.id})</option>
              ))}
            </select>
          </label>
          <label className="text-sm">Entity<input name="entity" required maxLength={255} defaultValue={r?.entity ?? "*"} placeholder="orders.*" className={fieldClass} /></label>
          <label className="text-sm">
            Metric
            <select name="metric" defaultValue={r?.metric ?? "depth"} className={fieldClass}>
              {KNOWN_ALERT_METRICS.map((m) => (
                <option key={m} value={m}>{m}</option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            Condition
            <select name="op" defaultValue={r?.op ?? ">"} className={fieldClass}>
              {ALERT_OPS.map((o) => (
                <option key={o} value={o}>{o === ">" ? "above (>)" : "below (<)"}</option>
              ))}
            </select>
          </label>
          <label className="text-sm">Threshold<input name="threshold" type="number" step="any" required defaultValue={r?.threshold ?? 0} className={fieldClass} /></label>
          <label className="text-sm">For (seconds)<input name="forSeconds" type="number" min={0} step={1} required defaultValue={r?.forSeconds ?? 60} className={fieldClass} /></label>
          <label className="text-sm">
            Severity
            <select name="severity" defaultValue={r?.severity ?? "warning"} className={fieldClass}>
              {ALERT_SEVERITIES.map((s) => (
                <option key={s} value={s}>{s}</option>
              ))}
            </select>
          </label>
          <fieldset className="text-sm sm:col-span-3">
            <legend>Webhooks</legend>
            {hooks.data?.items.length ? (
              <div className="mt-1 flex flex-wrap gap-3">
                {hooks.data.items.map((h) => (
                  <label key={h.id} className="inline-flex items-center gap-1">
                    <input type="checkbox" name="webhookIds" value={h.id} defaultChecked={r?.webhookIds.includes(h.id)} /> {h.name}
                  </label>
                ))}
              </div>
            ) : (
              <p className="mt-1 text-slate-500">No webhook yet: alerts are kept in the history only.</p>
            )}
          </fieldset>
          <span className="flex gap-2">
            <Button type="submit" variant="primary" disabled={save.isPending}>{r ? "Save rule" : "Create rule"}</Button>
            {r && <Button type="button" onClick={() => setEditing(undefined)}>Cancel</Button>}
          </span>
        </form>
        {save.error && <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">{save.error.message}</p>}
      </Card>
      <ConfirmDialog
        open={Boolean(deleting)}
        title={`Delete rule "${deleting?.name ?? ""}"?`}
        confirmLabel="Delete 1 rule"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setDeleting(undefined)}
      >
        Its alerts stop at once (no resolved message is sent); the history keeps what it fired.
        {remove.error && <span role="alert" className="mt-2 block text-red-600 dark:text-red-400">{remove.error.message}</span>}
      </ConfirmDialog>
    </section>
  );
}
