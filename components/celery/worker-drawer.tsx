"use client";

import { useEffect, useRef, useState } from "react";
import type { CeleryWorkerDetailDto, CeleryWorkerTaskDto } from "@/lib/celery";
import { formatNumber, formatRelative, formatSeconds } from "@/lib/format";
import { Button } from "../ui/button";
import { DataTable } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { EmptyState, ErrorState } from "../ui/states";
import { ControlReply } from "./control-reply";
import { useConsumer, useWorkerDetail } from "./action-queries";
import { PoolForm } from "./pool-form";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="tabular-nums">{children}</dd>
    </div>
  );
}

function Tasks({ label, rows, when }: { label: string; rows: CeleryWorkerTaskDto[]; when: "started" | "eta" | null }) {
  return (
    <section className="space-y-1" aria-label={label}>
      <h3 className="text-sm font-medium">
        {label} <span className="text-slate-500">({rows.length})</span>
      </h3>
      <DataTable
        label={label}
        rows={rows}
        rowKey={(t) => t.id}
        density="compact"
        maxHeight="14rem"
        empty={<p className="text-xs text-slate-500">None.</p>}
        columns={[
          { header: "Task", cell: (t) => <span className="font-mono text-xs">{t.name}</span> },
          { header: "Id", cell: (t) => <span className="font-mono text-xs text-slate-500" title={t.id}>{t.id.slice(0, 8)}</span> },
          { header: "Arguments", cell: (t) => <span className="font-mono text-xs break-all">{t.args}</span> },
          ...(when === "eta"
            ? [{ header: "Due", cell: (t: CeleryWorkerTaskDto) => <span className="text-xs" title={t.eta ?? ""}>{t.eta ? new Date(t.eta).toLocaleString() : "–"}</span> }]
            : when === "started"
              ? [{ header: "Started", cell: (t: CeleryWorkerTaskDto) => <span className="text-xs">{formatRelative(t.startedAt ?? undefined)}</span> }]
              : []),
        ]}
      />
    </section>
  );
}

/** The queues a worker consumes, with stop buttons, and a start for another queue of the source. */
function Consumers({ sourceId, worker, knownQueues, canAct }: { sourceId: string; worker: CeleryWorkerDetailDto; knownQueues: string[]; canAct: boolean }) {
  const consumer = useConsumer(sourceId, worker.hostname);
  const consumed = new Set(worker.queues.map((q) => q.name));
  const others = knownQueues.filter((q) => !consumed.has(q));
  const [queue, setQueue] = useState("");
  return (
    <section className="space-y-2" aria-label="Queues consumed">
      <h3 className="text-sm font-medium">Queues consumed</h3>
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {worker.queues.length === 0 && <li className="p-2 text-xs text-slate-500">This worker consumes no queue: tasks wait until one does.</li>}
        {worker.queues.map((q) => (
          <li key={q.name} className="flex items-center justify-between gap-2 p-2">
            <span className="font-mono text-xs">{q.name}</span>
            {canAct && (
              <Button className="px-2 py-1 text-xs" disabled={consumer.isPending} onClick={() => consumer.mutate({ queue: q.name, action: "cancel" })} aria-label={`Stop consuming ${q.name}`}>
                Stop consuming
              </Button>
            )}
          </li>
        ))}
      </ul>
      {canAct && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (queue.trim()) consumer.mutate({ queue: queue.trim(), action: "add" });
          }}
        >
          <label className="text-xs">
            Start consuming
            <input
              className="mt-1 block w-56 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
              list={`celery-queues-${worker.hostname}`}
              value={queue}
              onChange={(e) => setQueue(e.target.value)}
              placeholder="queue name"
            />
            <datalist id={`celery-queues-${worker.hostname}`}>
              {others.map((q) => (
                <option key={q} value={q} />
              ))}
            </datalist>
          </label>
          <Button type="submit" disabled={consumer.isPending || !queue.trim()}>
            Start
          </Button>
        </form>
      )}
      {consumer.error && <ErrorState error={consumer.error} />}
      {consumer.data && <ControlReply outcome={consumer.data} />}
    </section>
  );
}

/** One worker's live detail in a side panel: stats, queues (stop/start consuming), pool size, held tasks. */
export function WorkerDrawer({
  sourceId,
  hostname,
  knownQueues,
  canAct,
  onClose,
}: {
  sourceId: string;
  hostname: string | null;
  knownQueues: string[];
  canAct: boolean;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const detail = useWorkerDetail(sourceId, hostname);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (hostname && !d.open) d.showModal();
    if (!hostname && d.open) d.close();
  }, [hostname]);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-label={`Worker ${hostname ?? ""}`}
      className="m-0 ml-auto h-dvh max-h-none w-[min(44rem,100vw)] overflow-y-auto border-l border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="space-y-5 p-5">
        <header className="flex items-start justify-between gap-2">
          <h2 className="font-mono text-base font-medium break-all">{hostname}</h2>
          <Button variant="ghost" onClick={() => ref.current?.close()} aria-label="Close">
            ✕
          </Button>
        </header>
        {hostname && (
          <QueryView query={detail} loading="Asking the worker" notFound={<EmptyState title="The worker did not answer">It stopped, or is too busy to answer within a second.</EmptyState>}>
            {(w) => (
              <>
                <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
                  <Fact label="Pool">{w.pool}</Fact>
                  <Fact label="Concurrency">{w.concurrency ?? "–"}</Fact>
                  <Fact label="Autoscale">{w.autoscale ? `${w.autoscale.min}–${w.autoscale.max} (now ${w.autoscale.current})` : "off"}</Fact>
                  <Fact label="Prefetch">{w.prefetchCount ?? "–"}</Fact>
                  <Fact label="Processed">{formatNumber(w.processed)}</Fact>
                  <Fact label="Load average">{w.loadavg ? w.loadavg.map((l) => l.toFixed(2)).join(" ") : "–"}</Fact>
                  <Fact label="Up">{formatSeconds(w.uptime)}</Fact>
                  <Fact label="PID">{w.pid ?? "–"}</Fact>
                </dl>
                <Consumers sourceId={sourceId} worker={w} knownQueues={knownQueues} canAct={canAct} />
                {canAct && (
                  <section className="space-y-2" aria-label="Pool">
                    <h3 className="text-sm font-medium">Pool</h3>
                    <PoolForm key={w.hostname} sourceId={sourceId} worker={w} />
                  </section>
                )}
                <Tasks label="Active" rows={w.active} when="started" />
                <Tasks label="Reserved" rows={w.reserved} when={null} />
                <Tasks label="Scheduled (eta/countdown)" rows={w.scheduled} when="eta" />
                <section className="space-y-1" aria-label="Registered task types">
                  <h3 className="text-sm font-medium">Registered task types</h3>
                  <ul className="text-xs">
                    {w.registered.map((t) => (
                      <li key={t.name}>
                        <span className="font-mono">{t.name}</span>
                        {t.rateLimit && <span className="text-slate-500"> — rate limit {t.rateLimit} on this worker</span>}
                        {w.processedByType[t.name] ? <span className="text-slate-500"> — {formatNumber(w.processedByType[t.name])} received</span> : null}
                      </li>
                    ))}
                  </ul>
                </section>
              </>
            )}
          </QueryView>
        )}
      </div>
    </dialog>
  );
}
