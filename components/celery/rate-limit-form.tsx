"use client";

import { useState, type FormEvent } from "react";
import { taskNameSchema, taskRateLimitBodySchema, type TaskRateLimitBody } from "@/lib/celery";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import { ControlReply } from "./control-reply";
import { useTaskRateLimit } from "./queries";

const input = "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

/** Celery's rate limit of one task type, set on each worker: every worker applies it on its own. */
export function RateLimitForm({ sourceId, taskNames }: { sourceId: string; taskNames: string[] }) {
  const mutation = useTaskRateLimit(sourceId);
  const [name, setName] = useState("");
  const [rate, setRate] = useState("10/m");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [pending, setPending] = useState<{ taskName: string; body: TaskRateLimitBody } | null>(null);

  // The same schemas the route validates with.
  function submit(e: FormEvent) {
    e.preventDefault();
    const taskName = taskNameSchema.safeParse(name.trim());
    const body = taskRateLimitBodySchema.safeParse({ rate: rate.trim() });
    if (!taskName.success || !body.success) {
      setInvalid([taskName.error?.issues[0]?.message, body.error?.issues[0]?.message].filter(Boolean).join("; "));
      return;
    }
    setInvalid(null);
    setPending({ taskName: taskName.data, body: body.data });
  }
  const removing = pending !== null && (pending.body.rate === "" || pending.body.rate === "0");

  return (
    <section className="space-y-2" aria-label="Rate limit (per worker)">
      <h2 className="text-lg font-medium">Rate limit (per worker)</h2>
      <p className="text-xs text-slate-500">
        How often each worker may start a task of this type, e.g. 10/m or 5/s; empty or 0 removes it. Each worker counts on its own: three workers at
        10/m run up to 30 a minute. Workers started later do not get it.
      </p>
      <form className="flex flex-wrap items-end gap-2" onSubmit={submit}>
        <label className="text-xs">
          Task name
          <input className={`${input} w-64 font-mono`} value={name} onChange={(e) => setName(e.target.value)} list="celery-task-names" placeholder="app.tasks.send_email" />
          <datalist id="celery-task-names">
            {taskNames.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </label>
        <label className="text-xs">
          Rate
          <input className={`${input} w-24 tabular-nums`} value={rate} onChange={(e) => setRate(e.target.value)} placeholder="10/m" />
        </label>
        <Button type="submit" disabled={mutation.isPending}>
          Set rate limit
        </Button>
      </form>
      {(invalid || mutation.error) && <ErrorState error={invalid ?? mutation.error} />}
      {mutation.data && <ControlReply outcome={mutation.data} />}
      <ConfirmDialog
        open={pending !== null}
        title={removing ? `Remove the rate limit of ${pending?.taskName}?` : `Limit ${pending?.taskName} to ${pending?.body.rate} per worker?`}
        confirmLabel={removing ? "Remove rate limit" : "Set rate limit"}
        danger={false}
        busy={mutation.isPending}
        onClose={() => setPending(null)}
        onConfirm={() => {
          mutation.mutate(pending!);
          setPending(null);
        }}
      >
        Every worker that answers applies it to the tasks it starts from now on.
      </ConfirmDialog>
    </section>
  );
}
