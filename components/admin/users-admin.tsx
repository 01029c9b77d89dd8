"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/api-client";
import type { UserSummary } from "@/lib/dto";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { fieldClass, RoleSelect } from "./field";

const COLUMNS: Column<UserSummary>[] = [
  { header: "User", sortValue: (u) => u.username, cell: (u) => u.username },
  { header: "Role", sortValue: (u) => u.role, cell: (u) => u.role },
  { header: "Created", className: "text-xs text-slate-500", sortValue: (u) => u.createdAt, cell: (u) => new Date(u.createdAt).toLocaleString() },
];

export function UsersAdmin() {
  const qc = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users(), queryFn: ({ signal }) => api<{ items: UserSummary[] }>(apiPaths.users(), { signal }) });
  const [formKey, setFormKey] = useState(0);
  const create = useMutation({
    mutationFn: (body: { username: string; password: string; role: string }) => api(apiPaths.users(), { method: "POST", body }),
    onSuccess: () => {
      setFormKey((k) => k + 1);
      return qc.invalidateQueries({ queryKey: queryKeys.users() });
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({ username: String(f.get("username")), password: String(f.get("password")), role: String(f.get("role")) });
  }
  return (
    <section className="space-y-3">
      <h2 className="text-lg font-medium">Users</h2>
      <QueryView query={users}>{(data) => <DataTable label="Users" rows={data.items} columns={COLUMNS} rowKey={(u) => u.username} />}</QueryView>
      <Card className="p-4">
        <form key={formKey} onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-4 sm:items-end" aria-label="Add user">
          <label className="text-sm">Username<input name="username" required className={fieldClass} autoComplete="off" /></label>
          <label className="text-sm">Password (10+ characters)<input name="password" type="password" required minLength={10} className={fieldClass} autoComplete="new-password" /></label>
          <label className="text-sm">Role<RoleSelect name="role" /></label>
          <Button type="submit" variant="primary" disabled={create.isPending}>Add user</Button>
        </form>
        {create.error && <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">{create.error.message}</p>}
      </Card>
    </section>
  );
}
