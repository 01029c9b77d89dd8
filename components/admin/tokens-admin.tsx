"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/api-client";
import type { ApiTokenInfo } from "@/lib/dto";
import { describeGrants } from "@/lib/grants";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { fieldClass } from "./field";
import { GrantsField, GrantsHelp, readGrants } from "./grants-field";

type TokenInfo = ApiTokenInfo;

export function TokensAdmin() {
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: queryKeys.tokens(), queryFn: ({ signal }) => api<{ items: TokenInfo[] }>(apiPaths.tokens(), { signal }) });
  const [shown, setShown] = useState<string>();
  const [revoking, setRevoking] = useState<TokenInfo>();
  const [formError, setFormError] = useState<string>();
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeys.tokens() });
  const create = useMutation({
    mutationFn: (body: { name: string; grants: unknown; expiresInDays?: number }) => api<{ token: string }>(apiPaths.tokens(), { method: "POST", body }),
    onSuccess: (r) => {
      setShown(r.token);
      return refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: number) => api(apiPaths.token(id), { method: "DELETE" }),
    onSuccess: () => {
      setRevoking(undefined);
      return refresh();
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const days = Number(f.get("expiresInDays"));
    const { grants, error } = readGrants(String(f.get("grants")));
    setFormError(error);
    if (grants) create.mutate({ name: String(f.get("name")), grants, ...(days > 0 ? { expiresInDays: days } : {}) });
  }
  const columns: Column<TokenInfo>[] = [
    { header: "Name", sortValue: (t) => t.name, cell: (t) => t.name },
    { header: "Access", sortValue: (t) => describeGrants(t.grants), cell: (t) => <span className="font-mono text-xs">{describeGrants(t.grants)}</span> },
    { header: "Created by", cell: (t) => t.createdBy },
    {
      header: "Expires",
      className: "text-xs",
      sortValue: (t) => t.expiresAt ?? "~",
      cell: (t) =>
        t.expired ? <span className="font-medium text-red-700 dark:text-red-400">expired</span> : t.expiresAt ? new Date(t.expiresAt).toLocaleString() : <span className="text-slate-500">never</span>,
    },
    { header: "Last used", className: "text-xs text-slate-500", sortValue: (t) => t.lastUsedAt ?? "", descFirst: true, cell: (t) => (t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never") },
    {
      id: "revoke",
      header: "",
      align: "right",
      cell: (t) => (
        <Button variant="ghost" onClick={() => setRevoking(t)}>
          Revoke
        </Button>
      ),
    },
  ];
  return (
    <section className="space-y-3">
      <h2 className="text-lg font-medium">API tokens</h2>
      <p className="text-sm text-slate-500">Scripts send <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once; QueueDeck keeps only its hash. An expired token gets 401.</p>
      {shown && (
        <Card className="border-emerald-300 p-4 dark:border-emerald-800">
          <p className="text-sm font-medium">Copy this token now. It will not be shown again.</p>
          <code className="mt-2 block break-all rounded bg-slate-100 p-2 text-xs dark:bg-slate-950" data-testid="new-token">{shown}</code>
          <Button className="mt-2" onClick={() => setShown(undefined)}>Done</Button>
        </Card>
      )}
      <QueryView query={tokens} isEmpty={(d) => !d.items.length} empty="No API tokens">
        {(data) => <DataTable label="API tokens" rows={data.items} columns={columns} rowKey={(t) => String(t.id)} />}
      </QueryView>
      <Card className="p-4">
        <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-4 sm:items-end" aria-label="Create token">
          <label className="text-sm">Name<input name="name" required maxLength={64} className={fieldClass} /></label>
          <GrantsField name="grants" defaultValue="operator: *" />
          <label className="text-sm">
            Expires
            <select name="expiresInDays" defaultValue="90" className={fieldClass}>
              <option value="7">in 7 days</option>
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="365">in a year</option>
              <option value="0">never</option>
            </select>
          </label>
          <Button type="submit" variant="primary" disabled={create.isPending}>Create token</Button>
        </form>
        <GrantsHelp />
        {formError && <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">{formError}</p>}
        {create.error && <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">{create.error.message}</p>}
      </Card>
      <ConfirmDialog
        open={Boolean(revoking)}
        title={`Revoke token "${revoking?.name ?? ""}"?`}
        confirmLabel="Revoke 1 token"
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => setRevoking(undefined)}
      >
        Scripts using it get 401 from now on.
      </ConfirmDialog>
    </section>
  );
}
