"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/api-client";
import { apiPaths } from "@/lib/urls";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { fieldClass } from "./field";

/** The signed-in user's own password: needs the current one; other browsers are signed out. */
export function ChangePassword() {
  const [formKey, setFormKey] = useState(0);
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api<{ sessionsEnded: number }>(apiPaths.sessionPassword(), { method: "PUT", body }),
    onSuccess: () => setFormKey((k) => k + 1),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const next = String(f.get("newPassword"));
    setMismatch(next !== String(f.get("repeat")));
    if (next !== String(f.get("repeat"))) return;
    change.mutate({ currentPassword: String(f.get("currentPassword")), newPassword: next });
  }
  return (
    <Card className="p-4">
      <h2 className="text-lg font-medium">Change your password</h2>
      <form key={formKey} onSubmit={onSubmit} className="mt-3 space-y-3" aria-label="Change your password">
        <label className="block text-sm">Current password<input name="currentPassword" type="password" required className={fieldClass} autoComplete="current-password" /></label>
        <label className="block text-sm">New password (12+ characters, not a common one, not your name)<input name="newPassword" type="password" required minLength={12} maxLength={256} className={fieldClass} autoComplete="new-password" /></label>
        <label className="block text-sm">New password again<input name="repeat" type="password" required minLength={12} maxLength={256} className={fieldClass} autoComplete="new-password" /></label>
        <Button type="submit" variant="primary" disabled={change.isPending}>Change password</Button>
      </form>
      {mismatch && <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">The two new passwords differ.</p>}
      {change.error && <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">{change.error.message}</p>}
      {change.isSuccess && (
        <p role="status" className="mt-2 text-sm text-emerald-700 dark:text-emerald-400">
          Password changed. {change.data.sessionsEnded ? `${change.data.sessionsEnded} other session(s) signed out.` : ""}
        </p>
      )}
    </Card>
  );
}
