"use client";

import { useState, type FormEvent } from "react";
import { concurrencySchema, rateLimitSchema, type BullQueueDto } from "@/lib/bullmq";
import type { QueueVerb } from "@/lib/urls";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { ErrorState } from "../ui/states";
import { formatDuration } from "./badges";
import { useQueueMutation } from "./queries";
import { usePermissions } from "../queries";

const input = "mt-1 block w-28 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm tabular-nums dark:border-slate-700 dark:bg-slate-950";

/** Global rate limit and concurrency of a queue: shown to everyone, editable by operators. */
export function LimitsForm({ sourceId, q }: { sourceId: string; q: BullQueueDto }) {
  const { canAct } = usePermissions();
  const mutation = useQueueMutation(sourceId, q.id);
  const [max, setMax] = useState(String(q.rateLimit?.max ?? 10));
  const [duration, setDuration] = useState(String(q.rateLimit?.durationMs ?? 1000));
  const [concurrency, setConcurrency] = useState(String(q.concurrency ?? 5));
  const [invalid, setInvalid] = useState<string | null>(null);
  const [pending, setPending] = useState<{ title: string; body: string; label: string; call: { method: string; verb: QueueVerb; body?: unknown } } | null>(null);

  // The same zod schemas the server validates with: the message names the field either way.
  function submit(e: FormEvent, schema: typeof rateLimitSchema | typeof concurrencySchema, body: unknown, verb: QueueVerb) {
    e.preventDefault();
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      setInvalid(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      return;
    }
    setInvalid(null);
    const v = parsed.data as { max?: number; durationMs?: number; concurrency?: number };
    setPending(
      v.concurrency !== undefined
        ? { title: `Limit ${q.name} to ${v.concurrency} jobs at once?`, body: `Across all its ${q.workers ?? "?"} worker(s), at most ${v.concurrency} jobs of ${q.name} run at the same time.`, label: "Set concurrency", call: { method: "PUT", verb, body: v } }
        : { title: `Limit ${q.name} to ${v.max} jobs per ${formatDuration(v.durationMs!)}?`, body: `Across all its workers, at most ${v.max} jobs of ${q.name} start in any ${formatDuration(v.durationMs!)}.`, label: "Set rate limit", call: { method: "PUT", verb, body: v } },
    );
  }
  const askRemove = (what: "rate limit" | "concurrency", verb: QueueVerb) =>
    setPending({ title: `Remove the global ${what} of ${q.name}?`, body: `Workers of ${q.name} are no longer held back by a global ${what}.`, label: `Remove ${what}`, call: { method: "DELETE", verb } });

  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <form
        className="space-y-2"
        aria-label="Global rate limit"
        onSubmit={(e) => submit(e, rateLimitSchema, { max: Number(max), durationMs: Number(duration) }, "rate-limit")}
      >
        <h3 className="text-sm font-medium">Global rate limit</h3>
        <p className="text-xs text-slate-500" data-testid="current-rate-limit">
          {q.rateLimit ? `At most ${q.rateLimit.max} jobs per ${formatDuration(q.rateLimit.durationMs)}, across all workers.` : "None: workers take jobs as fast as they can."}
        </p>
        {canAct && (
          <div className="flex flex-wrap items-end gap-2">
            <label className="text-xs">
              Max jobs
              <input className={input} inputMode="numeric" value={max} onChange={(e) => setMax(e.target.value)} aria-label="Max jobs" />
            </label>
            <label className="text-xs">
              per ms
              <input className={input} inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value)} aria-label="Duration in ms" />
            </label>
            <Button type="submit" disabled={mutation.isPending}>
              Set limit
            </Button>
            {q.rateLimit && (
              <Button type="button" variant="ghost" disabled={mutation.isPending} onClick={() => askRemove("rate limit", "rate-limit")}>
                Remove
              </Button>
            )}
          </div>
        )}
      </form>
      <form
        className="space-y-2"
        aria-label="Global concurrency"
        onSubmit={(e) => submit(e, concurrencySchema, { concurrency: Number(concurrency) }, "concurrency")}
      >
        <h3 className="text-sm font-medium">Global concurrency</h3>
        <p className="text-xs text-slate-500" data-testid="current-concurrency">
          {q.concurrency !== null ? `At most ${q.concurrency} jobs at once, across all workers.` : "None: each worker's own concurrency applies."}
        </p>
        {canAct && (
          <div className="flex flex-wrap items-end gap-2">
            <label className="text-xs">
              Jobs at once
              <input className={input} inputMode="numeric" value={concurrency} onChange={(e) => setConcurrency(e.target.value)} aria-label="Jobs at once" />
            </label>
            <Button type="submit" disabled={mutation.isPending}>
              Set
            </Button>
            {q.concurrency !== null && (
              <Button type="button" variant="ghost" disabled={mutation.isPending} onClick={() => askRemove("concurrency", "concurrency")}>
                Remove
              </Button>
            )}
          </div>
        )}
      </form>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.title ?? ""}
        confirmLabel={pending?.label ?? ""}
        danger={false}
        busy={mutation.isPending}
        onClose={() => setPending(null)}
        onConfirm={() => {
          mutation.mutate(pending!.call);
          setPending(null);
        }}
      >
        {pending?.body}
      </ConfirmDialog>
      {(invalid || mutation.error) && (
        <div className="sm:col-span-2">
          <ErrorState error={invalid ?? mutation.error} />
        </div>
      )}
    </div>
  );
}
