"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";

/**
 * Destructive actions: the dialog names the target and the count, and the user types the
 * target's name (or the word shown) to enable the button.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  confirmText,
  danger = true,
  busy,
  ready = true,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** When set, the user must type this to confirm. */
  confirmText?: string;
  danger?: boolean;
  busy?: boolean;
  /** False while the form is incomplete (e.g. no target picked): the button is off, not "Working…". */
  ready?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  // Two dialogs on one page (reset and delete) must not share a label id.
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const ok = !confirmText || typed === confirmText;
  return (
    <dialog
      ref={ref}
      onClose={() => {
        setTyped("");
        onClose();
      }}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[min(32rem,calc(100vw-2rem))] overflow-y-auto rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      aria-labelledby={titleId}
    >
      <form
        method="dialog"
        className="space-y-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onConfirm();
        }}
      >
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <div className="text-sm text-slate-600 dark:text-slate-300">{children}</div>
        {confirmText && (
          <label className="block text-sm">
            Type <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">{confirmText}</code> to confirm
            <input
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 dark:border-slate-700 dark:bg-slate-950"
              aria-label="Confirmation text"
              autoFocus
            />
          </label>
        )}
        <div className="flex justify-end gap-2">
          <Button type="button" onClick={() => ref.current?.close()}>
            Cancel
          </Button>
          <Button type="submit" variant={danger ? "danger" : "primary"} disabled={!ok || busy || !ready}>
            {busy ? "Working…" : confirmLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
