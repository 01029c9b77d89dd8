"use client";

import { JOB_STATES, type BullQueueDetailDto, type JobStateName, type WorkerDto } from "@/lib/bullmq";
import type { SourceSummary } from "@/lib/dto";
import { formatNumber } from "@/lib/format";
import { Card } from "../ui/card";
import { DataTable, type Column } from "../ui/data-table";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { useUrlState } from "../use-url-state";
import { LimitBadges, PausedBadge } from "./badges";
import { JobSearch } from "./job-search";
import { JobTable } from "./job-table";
import { LimitsForm } from "./limits-form";
import { useBullQueue } from "./queries";
import { QueueActions } from "./queue-actions";
import { STATE_COLUMNS } from "./states";
import { ThroughputCharts } from "./throughput-charts";

/** One BullMQ queue: counts by state, actions, search, job browser, limits, charts, workers. */
export function BullmqQueueView({ source, queueId }: { source: SourceSummary; queueId: string }) {
  return (
    <QueryView query={useBullQueue(source.id, queueId)} loading="Loading queue" notFound={<EmptyState title="This queue does not exist (any more)" />}>
      {(q) => <QueueDetail source={source} q={q} />}
    </QueryView>
  );
}

function QueueDetail({ source, q }: { source: SourceSummary; q: BullQueueDetailDto }) {
  const [state, setState] = useUrlState<JobStateName | "">("state", "", JOB_STATES);
  // First visit: open the tab that most needs attention.
  const tab = state || (q.counts.failed > 0 ? "failed" : q.counts.waiting > 0 ? "waiting" : "completed");
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="break-all text-xl font-semibold" data-testid="queue-name">
          {q.name}
        </h1>
        {q.paused && <PausedBadge />}
        {(q.rateLimit || q.concurrency !== null) && <LimitBadges rateLimit={q.rateLimit} concurrency={q.concurrency} />}
        <span className="text-sm text-slate-500">
          {q.workers === null ? "workers unknown" : `${formatNumber(q.workers)} worker${q.workers === 1 ? "" : "s"}`}
        </span>
      </header>
      <QueueActions sourceId={source.id} q={q} />

      <Card className="p-3">
        <JobSearch sourceId={source.id} queueId={q.id} queueName={q.name} />
      </Card>

      <Card>
        <div role="tablist" aria-label="Job states" className="flex flex-wrap border-b border-slate-200 dark:border-slate-800">
          {STATE_COLUMNS.map((s) => (
            <button
              key={s.state}
              role="tab"
              aria-selected={tab === s.state}
              data-testid={`tab-${s.state}`}
              onClick={() => setState(s.state)}
              className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm ${
                tab === s.state ? "border-indigo-600 font-medium text-indigo-700 dark:text-indigo-300" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
              }`}
            >
              {s.label} <span className="tabular-nums text-xs" data-testid={`tab-count-${s.state}`}>{formatNumber(q.counts[s.state])}</span>
            </button>
          ))}
        </div>
        <div className="p-2">
          <JobTable key={tab} sourceId={source.id} queueId={q.id} queueName={q.name} state={tab} />
        </div>
      </Card>

      <Card className="p-3">
        <LimitsForm key={`${q.rateLimit?.max}-${q.rateLimit?.durationMs}-${q.concurrency}`} sourceId={source.id} q={q} />
      </Card>

      <ThroughputCharts sourceId={source.id} queueId={q.id} />
      <Workers q={q} />
    </div>
  );
}

const WORKER_COLUMNS: Column<WorkerDto>[] = [
  { header: "Name", className: "font-mono text-xs", cell: (w) => w.name },
  { header: "Address", className: "font-mono text-xs", cell: (w) => w.addr },
  { header: "Connected", align: "right", sortValue: (w) => w.ageSec, descFirst: true, cell: (w) => `${w.ageSec} s` },
  { header: "Idle", align: "right", sortValue: (w) => w.idleSec, descFirst: true, cell: (w) => `${w.idleSec} s` },
];

function Workers({ q }: { q: BullQueueDetailDto }) {
  // null: Redis refuses CLIENT LIST; absent: the live read failed and the snapshot answered.
  if (!q.workerList) return <p className="text-xs text-slate-500">Workers cannot be listed right now (CLIENT LIST refused or Redis unreachable).</p>;
  return (
    <section aria-label="Workers" className="space-y-2">
      <h2 className="font-semibold">Workers</h2>
      <DataTable
        label="Workers"
        rows={q.workerList}
        columns={WORKER_COLUMNS}
        rowKey={(w) => `${w.addr}-${w.name}`}
        empty={<EmptyState title="No worker connected">Jobs wait until a worker for this queue starts.</EmptyState>}
      />
    </section>
  );
}
