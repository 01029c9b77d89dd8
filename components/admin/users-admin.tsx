"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/api-client";
import type { UserSummary } from "@/lib/dto";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState, Spinner } from "../ui/states";
import { fieldClass, RoleSelect } from "./field";

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
      {users.isPending ? <Spinner /> : users.error ? <ErrorState error={users.error} /> : (
        <Card className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
              <tr><th className="px-3 py-2">User</th><th className="px-3 py-2">Role</th><th className="px-3 py-2">Created</th></tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.username} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <td className="px-3 py-2">{u.username}</td>
                  <td className="px-3 py-2">{u.role}</td>
                  <td className="px-3 py-2 text-xs text-slate-500">{new Date(u.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
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
