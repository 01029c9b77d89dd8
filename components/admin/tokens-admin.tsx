"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/api-client";
import type { Role } from "@/lib/dto";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { fieldClass, RoleSelect } from "./field";

interface TokenInfo { id: number; name: string; role: Role; createdBy: string; createdAt: string; lastUsedAt?: string }

export function TokensAdmin() {
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: queryKeys.tokens(), queryFn: ({ signal }) => api<{ items: TokenInfo[] }>(apiPaths.tokens(), { signal }) });
  const [shown, setShown] = useState<string>();
  const [revoking, setRevoking] = useState<TokenInfo>();
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeys.tokens() });
  const create = useMutation({
    mutationFn: (body: { name: string; role: string }) => api<{ token: string }>(apiPaths.tokens(), { method: "POST", body }),
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
    create.mutate({ name: String(f.get("name")), role: String(f.get("role")) });
  }
  return (
    <section className="space-y-3">
      <h2 className="text-lg font-medium">API tokens</h2>
      <p className="text-sm text-slate-500">Scripts send <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once; QueueDeck keeps only its hash.</p>
      {shown && (
        <Card className="border-emerald-300 p-4 dark:border-emerald-800">
          <p className="text-sm font-medium">Copy this token now. It will not be shown again.</p>
          <code className="mt-2 block break-all rounded bg-slate-100 p-2 text-xs dark:bg-slate-950" data-testid="new-token">{shown}</code>
          <Button className="mt-2" onClick={() => setShown(undefined)}>Done</Button>
        </Card>
      )}
      {tokens.isPending ? <Spinner /> : tokens.error ? <ErrorState error={tokens.error} /> : !tokens.data.items.length ? (
        <EmptyState title="No API tokens" />
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
              <tr><th className="px-3 py-2">Name</th><th className="px-3 py-2">Role</th><th className="px-3 py-2">Created by</th><th className="px-3 py-2">Last used</th><th /></tr>
            </thead>
            <tbody>
              {tokens.data.items.map((t) => (
                <tr key={t.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <td className="px-3 py-2">{t.name}</td>
                  <td className="px-3 py-2">{t.role}</td>
                  <td className="px-3 py-2">{t.createdBy}</td>
                  <td className="px-3 py-2 text-xs text-slate-500">{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
                  <td className="px-3 py-2 text-right"><Button variant="ghost" onClick={() => setRevoking(t)}>Revoke</Button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      <Card className="p-4">
        <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-3 sm:items-end" aria-label="Create token">
          <label className="text-sm">Name<input name="name" required maxLength={64} className={fieldClass} /></label>
          <label className="text-sm">Role<RoleSelect name="role" defaultValue="operator" /></label>
          <Button type="submit" variant="primary" disabled={create.isPending}>Create token</Button>
        </form>
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
