"use client";

import { useState, type FormEvent } from "react";
import { poolBodySchema, type CeleryWorkerDetailDto, type PoolBody } from "@/lib/celery";
import { Button } from "../ui/button";
import { ErrorState } from "../ui/states";
import { ControlReply } from "./control-reply";
import { usePoolChange } from "./action-queries";

const input = "mt-1 block w-20 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm tabular-nums dark:border-slate-700 dark:bg-slate-950";
type Mode = "grow" | "shrink" | "autoscale";

/** Grow or shrink a worker's pool by N, or set its autoscale range (only for a worker started with --autoscale). */
export function PoolForm({ sourceId, worker }: { sourceId: string; worker: CeleryWorkerDetailDto }) {
  const mutation = usePoolChange(sourceId, worker.hostname);
  const autoscaled = worker.autoscale !== null;
  const [mode, setMode] = useState<Mode>(autoscaled ? "autoscale" : "grow");
  const [n, setN] = useState("1");
  const [max, setMax] = useState(String(worker.autoscale?.max ?? worker.concurrency ?? 4));
  const [min, setMin] = useState(String(worker.autoscale?.min ?? 1));
  const [invalid, setInvalid] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const raw = mode === "autoscale" ? { autoscale: [Number(max), Number(min)] } : { [mode]: Number(n) };
    const body = poolBodySchema.safeParse(raw);
    if (!body.success) {
      const issue = body.error.issues[0];
      setInvalid(issue ? `${issue.path.join(".") || "pool"}: ${issue.message}` : "invalid");
      return;
    }
    setInvalid(null);
    mutation.mutate(body.data as PoolBody);
  }

  return (
    <form className="space-y-2" onSubmit={submit} aria-label="Pool size">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-xs">
          Change
          <select
            className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
            value={mode}
            onChange={(e) => setMode(e.target.value as Mode)}
          >
            <option value="grow">Grow by</option>
            <option value="shrink">Shrink by</option>
            <option value="autoscale">Autoscale range</option>
          </select>
        </label>
        {mode === "autoscale" ? (
          <>
            <label className="text-xs">
              Min
              <input className={input} inputMode="numeric" value={min} onChange={(e) => setMin(e.target.value)} />
            </label>
            <label className="text-xs">
              Max
              <input className={input} inputMode="numeric" value={max} onChange={(e) => setMax(e.target.value)} />
            </label>
          </>
        ) : (
          <label className="text-xs">
            Processes
            <input className={input} inputMode="numeric" value={n} onChange={(e) => setN(e.target.value)} />
          </label>
        )}
        <Button type="submit" disabled={mutation.isPending}>
          Apply
        </Button>
      </div>
      <p className="text-xs text-slate-500">
        {autoscaled
          ? "This worker autoscales: it refuses grow and shrink; change its range instead."
          : "Grow and shrink apply at once; autoscale works only on a worker started with --autoscale. A pool whose processes are all busy refuses to shrink."}
      </p>
      {(invalid || mutation.error) && <ErrorState error={invalid ?? mutation.error} />}
      {mutation.data && <ControlReply outcome={mutation.data} />}
    </form>
  );
}
