"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/api-client";
import type { UserSummary } from "@/lib/dto";
import { describeGrants } from "@/lib/grants";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { fieldClass } from "./field";
import { GrantsField, GrantsHelp, readGrants } from "./grants-field";
import { GrantsDialog } from "./grants-dialog";
import { UserActionDialog, type UserAction } from "./user-action-dialog";

export function UsersAdmin({ me }: { me: string }) {
  const qc = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users(), queryFn: ({ signal }) => api<{ items: UserSummary[] }>(apiPaths.users(), { signal }) });
  const [formKey, setFormKey] = useState(0);
  const [pending, setPending] = useState<UserAction>();
  const [editing, setEditing] = useState<UserSummary>();
  const [formError, setFormError] = useState<string>();
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeys.users() });
  const create = useMutation({
    mutationFn: (body: { username: string; password: string; grants: unknown }) => api(apiPaths.users(), { method: "POST", body }),
    onSuccess: () => {
      setFormKey((k) => k + 1);
      return refresh();
    },
  });
  // Enabling is not destructive: no confirmation.
  const patch = useMutation({
    mutationFn: ({ username, body }: { username: string; body: { disabled?: boolean } }) => api(apiPaths.user(username), { method: "PATCH", body }),
    onSettled: refresh,
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const { grants, error } = readGrants(String(f.get("grants")));
    setFormError(error);
    if (grants) create.mutate({ username: String(f.get("username")), password: String(f.get("password")), grants });
  }
  const columns: Column<UserSummary>[] = [
    {
      header: "User",
      sortValue: (u) => u.username,
      cell: (u) => (
        <>
          {u.username === me ? `${u.username} (you)` : u.username}
          {u.external && <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-800 dark:bg-sky-950 dark:text-sky-300" title="Signs in with single sign-on only">SSO</span>}
        </>
      ),
    },
    {
      header: "Access",
      sortValue: (u) => describeGrants(u.grants),
      cell: (u) => (
        <span className="flex items-center gap-2">
          <span className="font-mono text-xs">{describeGrants(u.grants)}</span>
          {u.username !== me && !u.external && (
            <Button variant="ghost" aria-label={`Edit access of ${u.username}`} onClick={() => setEditing(u)}>
              Edit
            </Button>
          )}
        </span>
      ),
    },
    {
      header: "Status",
      sortValue: (u) => (u.disabled ? 1 : 0),
      cell: (u) => (u.disabled ? <span className="font-medium text-amber-700 dark:text-amber-400">disabled</span> : "enabled"),
    },
    { header: "Sessions", align: "right", sortValue: (u) => u.sessions, cell: (u) => u.sessions },
    { header: "Created", className: "text-xs text-slate-500", sortValue: (u) => u.createdAt, cell: (u) => new Date(u.createdAt).toLocaleString() },
    {
      id: "actions",
      header: "",
      align: "right",
      cell: (u) =>
        u.username === me ? (
          <span className="text-xs text-slate-500">change your password under your name, top right</span>
        ) : (
          <div className="flex justify-end gap-1">
            {u.disabled ? (
              <Button variant="ghost" onClick={() => patch.mutate({ username: u.username, body: { disabled: false } })}>Enable</Button>
            ) : (
              <Button variant="ghost" onClick={() => setPending({ kind: "disable", user: u })}>Disable</Button>
            )}
            {!u.external && <Button variant="ghost" onClick={() => setPending({ kind: "password", user: u })}>Set password</Button>}
            <Button variant="ghost" disabled={u.sessions === 0} onClick={() => setPending({ kind: "sessions", user: u })}>End sessions</Button>
            <Button variant="ghost" onClick={() => setPending({ kind: "delete", user: u })}>Delete</Button>
          </div>
        ),
    },
  ];
  return (
    <section className="space-y-3">
      <h2 className="text-lg font-medium">Users</h2>
      <p className="text-sm text-slate-500">Names are compared ignoring case. SSO users sign in through the identity provider only, which sets their access at each sign-in. A disabled user cannot sign in; disabling, deleting or setting a password signs the user out everywhere.</p>
      <QueryView query={users}>{(data) => <DataTable label="Users" rows={data.items} columns={columns} rowKey={(u) => u.username} />}</QueryView>
      {patch.error && <p role="alert" className="text-sm text-red-600 dark:text-red-400">{patch.error.message}</p>}
      <Card className="p-4">
        <form key={formKey} onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-4 sm:items-end" aria-label="Add user">
          <label className="text-sm">Username<input name="username" required className={fieldClass} autoComplete="off" /></label>
          <label className="text-sm">Password (12+ characters, not a common one)<input name="password" type="password" required minLength={12} className={fieldClass} autoComplete="new-password" /></label>
          <GrantsField name="grants" defaultValue="viewer: *" />
          <Button type="submit" variant="primary" disabled={create.isPending}>Add user</Button>
        </form>
        <GrantsHelp />
        {formError && <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">{formError}</p>}
        {create.error && <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">{create.error.message}</p>}
      </Card>
      <UserActionDialog action={pending} onClose={() => setPending(undefined)} onDone={refresh} />
      <GrantsDialog key={editing?.username ?? ""} user={editing} onClose={() => setEditing(undefined)} onDone={refresh} />
    </section>
  );
}
