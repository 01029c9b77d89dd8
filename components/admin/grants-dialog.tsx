"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api-client";
import type { UserSummary } from "@/lib/dto";
import { grantLines } from "@/lib/grants";
import { apiPaths } from "@/lib/urls";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { GrantsField, GrantsHelp, readGrants } from "./grants-field";

/** Edits one user's grants; render it with key={user?.username}. (PATCH {grants}); not destructive, but it can take access away, so it is a dialog. */
export function GrantsDialog({ user, onClose, onDone }: { user?: UserSummary; onClose: () => void; onDone: () => void }) {
  // Mounted afresh per user (the caller keys it by name), so the text starts from that user's grants.
  const [text, setText] = useState(() => (user ? grantLines(user.grants) : ""));
  const parsed = readGrants(text);
  const save = useMutation({
    mutationFn: () => api(apiPaths.user(user!.username), { method: "PATCH", body: { grants: parsed.grants } }),
    onSuccess: () => {
      save.reset();
      onDone();
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open={Boolean(user)}
      title={`Access of "${user?.username ?? ""}"`}
      confirmLabel="Save access"
      danger={false}
      busy={save.isPending}
      ready={Boolean(parsed.grants)}
      onConfirm={() => save.mutate()}
      onClose={() => {
        save.reset();
        onClose();
      }}
    >
      <GrantsField value={text} onChange={setText} />
      <GrantsHelp />
      {text.trim() && parsed.error && <p className="mt-1 text-xs text-red-600 dark:text-red-400">{parsed.error}</p>}
      {save.error && <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">{save.error.message}</p>}
    </ConfirmDialog>
  );
}
