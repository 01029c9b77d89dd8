"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api-client";
import type { UserSummary } from "@/lib/dto";
import { apiPaths } from "@/lib/urls";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { fieldClass } from "./field";

export type UserAction = { kind: "disable" | "delete" | "sessions" | "password"; user: UserSummary };

const TEXT = {
  disable: { title: (u: string) => `Disable user "${u}"?`, label: "Disable user", body: "The user is signed out everywhere and cannot sign in until enabled again." },
  delete: { title: (u: string) => `Delete user "${u}"?`, label: "Delete user", body: "The account and its sessions are removed. Its audit entries stay." },
  sessions: { title: (u: string) => `End every session of "${u}"?`, label: "End sessions", body: "Every browser signed in as this user is signed out." },
  password: { title: (u: string) => `Set a new password for "${u}"`, label: "Set password", body: "The user is signed out everywhere and signs in with the new password." },
} as const;

/** The destructive user actions, each confirmed in a dialog that names the user. */
export function UserActionDialog({ action, onClose, onDone }: { action?: UserAction; onClose: () => void; onDone: () => void }) {
  const [password, setPassword] = useState("");
  const run = useMutation({
    mutationFn: ({ kind, user }: UserAction) => {
      if (kind === "delete") return api(apiPaths.user(user.username), { method: "DELETE" });
      if (kind === "sessions") return api(apiPaths.userSessions(user.username), { method: "DELETE" });
      return api(apiPaths.user(user.username), { method: "PATCH", body: kind === "disable" ? { disabled: true } : { password } });
    },
    onSuccess: () => {
      close();
      onDone();
    },
  });
  function close() {
    setPassword("");
    run.reset();
    onClose();
  }
  const text = action ? TEXT[action.kind] : undefined;
  const name = action?.user.username ?? "";
  return (
    <ConfirmDialog
      open={Boolean(action)}
      title={text?.title(name) ?? ""}
      confirmLabel={text?.label ?? ""}
      // Deleting is the one that cannot be undone: type the name.
      confirmText={action?.kind === "delete" ? name : undefined}
      danger={action?.kind !== "password"}
      busy={run.isPending}
      ready={action?.kind !== "password" || password.length >= 12}
      onConfirm={() => action && run.mutate(action)}
      onClose={close}
    >
      <p>{text?.body}</p>
      {action?.kind === "password" && (
        <label className="mt-3 block text-sm">
          New password (12+ characters, not a common one)
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} minLength={12} maxLength={256} className={fieldClass} autoComplete="new-password" />
        </label>
      )}
      {run.error && <p role="alert" className="mt-2 text-red-600 dark:text-red-400">{run.error.message}</p>}
    </ConfirmDialog>
  );
}
