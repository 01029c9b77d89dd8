"use client";

import { useEffect, useRef, useState } from "react";
import { api } from "@/lib/api-client";
import { DEFAULT_SEARCH_STATES, JOB_STATES, MAX_SEARCH_MATCHES, type JobStateName, type JobSummaryDto, type SearchPageDto } from "@/lib/bullmq";
import { formatNumber } from "@/lib/format";
import { apiPaths } from "@/lib/urls";
import { Button } from "../ui/button";
import { ErrorState } from "../ui/states";
import { useUrlState } from "../use-url-state";
import { JobRows } from "./job-rows";
import { stateLabel } from "./states";

interface SearchRun {
  status: "running" | "done" | "cancelled" | "failed";
  items: JobSummaryDto[];
  scanned: number;
  total: number;
  capped?: boolean;
  error?: unknown;
}

/**
 * Search box: asks the server for one bounded slice after another (see job-search.ts on the
 * server) and shows matches as they come, with progress. Cancel stops asking; nothing keeps
 * running on the server.
 */
export function JobSearch({ sourceId, queueId, queueName }: { sourceId: string; queueId: string; queueName: string }) {
  // The search that ran and the states it looked in live in the URL (?q=…&states=…): a link runs it again.
  const [searched, setSearched] = useUrlState("q", "");
  const [statesParam, setStatesParam] = useUrlState("states", DEFAULT_SEARCH_STATES.join(","));
  const states = statesParam.split(",").filter((s): s is JobStateName => (JOB_STATES as readonly string[]).includes(s));
  const setStates = (f: (cur: JobStateName[]) => JobStateName[]) => setStatesParam(f(states).join(","));
  const [q, setQ] = useState(searched);
  const [run, setRun] = useState<SearchRun | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  // Opened from a link with ?q=: run that search once, as its sender saw it.
  const ranFromLink = useRef(false);
  useEffect(() => {
    if (ranFromLink.current || !searched.trim()) return;
    ranFromLink.current = true;
    void search(searched);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount
  }, []);

  async function search(text: string) {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    const found = new Map<string, JobSummaryDto>();
    let r: SearchRun = { status: "running", items: [], scanned: 0, total: 0 };
    setRun(r);
    let cursor: string | undefined;
    try {
      for (;;) {
        const url = apiPaths.jobSearch(sourceId, queueId, { q: text, states, cursor });
        const page = await api<SearchPageDto>(url, { signal: ac.signal });
        // A job found by id first may turn up again in the scan: keep one.
        for (const j of page.items) found.set(j.id, j);
        r = { status: page.done ? "done" : "running", items: [...found.values()], scanned: page.scanned, total: page.total, capped: page.capped };
        setRun(r);
        if (page.done || !page.nextCursor) return;
        cursor = page.nextCursor;
      }
    } catch (error) {
      setRun({ ...r, status: ac.signal.aborted ? "cancelled" : "failed", error });
    }
  }

  const running = run?.status === "running";
  const pct = run && run.total > 0 ? Math.min(100, Math.round((run.scanned / run.total) * 100)) : running ? 0 : 100;
  return (
    <div className="space-y-3" data-testid="job-search">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!q.trim()) return;
          setSearched(q);
          void search(q);
        }}
      >
        <label className="min-w-[14rem] flex-1 text-sm">
          <span className="sr-only">Search jobs</span>
          <input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="id:42 · name:send · $.user.id=42 · any text"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
            aria-label="Search jobs"
            maxLength={500}
          />
        </label>
        {running ? (
          <Button type="button" onClick={() => abort.current?.abort()}>
            Cancel search
          </Button>
        ) : (
          <Button type="submit" variant="primary" disabled={!q.trim() || !states.length}>
            Search
          </Button>
        )}
        {run && !running && (
          <Button type="button" variant="ghost" onClick={() => (setRun(null), setSearched(""))}>
            Clear
          </Button>
        )}
      </form>
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
        <legend className="sr-only">States to search</legend>
        {JOB_STATES.map((s) => (
          <label key={s} className="inline-flex items-center gap-1">
            <input
              type="checkbox"
              checked={states.includes(s)}
              onChange={(e) => setStates((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))}
            />
            {stateLabel(s)}
          </label>
        ))}
      </fieldset>
      {run && (
        <div className="space-y-2">
          <div className="h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800" role="progressbar" aria-label="Search progress" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-full bg-indigo-600 transition-all" style={{ width: `${pct}%` }} />
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-300" data-testid="search-report" data-status={run.status}>
            {formatNumber(run.items.length)} match{run.items.length === 1 ? "" : "es"} · looked at {formatNumber(run.scanned)} of {formatNumber(run.total)} jobs
            {run.status === "cancelled" && " · cancelled"}
            {run.capped && ` · stopped at ${MAX_SEARCH_MATCHES} matches: narrow the search`}
          </p>
          {run.status === "failed" && <ErrorState error={run.error} />}
          {run.items.length > 0 && <JobRows sourceId={sourceId} queueName={queueName} jobs={run.items} showState />}
        </div>
      )}
    </div>
  );
}
