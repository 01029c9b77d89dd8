"use client";

import { useState } from "react";
import type { BrowseResultDto, KafkaMessageDto } from "@/lib/kafka";
import { BROWSE_LIMITS } from "@/lib/kafka";
import { formatNumber } from "@/lib/format";
import { PayloadView } from "../payload-view";
import { Field, fieldCls } from "../rabbitmq/form";
import { Button } from "../ui/button";
import { QueryView } from "../ui/query-view";
import { EmptyState } from "../ui/states";
import { useUrlState } from "../use-url-state";
import { useTopicMessages } from "./queries";

const STARTS = ["newest", "offset", "timestamp", "earliest"] as const;
type Start = (typeof STARTS)[number];

const STOPPED: Record<BrowseResultDto["stoppedBy"], string> = {
  end: "the end of the log",
  limit: "the page size",
  bytes: "the byte budget",
  time: "the time budget",
};

type Query = Record<string, string | number | undefined>;
/** Where a read starts; a next page replaces them with the cursor. */
const START_KEYS = new Set(["offset", "timestamp", "newest", "after"]);

/** The browse query from the form: one partition or all, where to start, the filters. */
function queryOf(f: { partition: string; start: Start; at: string; limit: string; key: string; q: string; header: string }): Query {
  const limit = Math.min(BROWSE_LIMITS.maxMessages, Math.max(1, Number(f.limit) || BROWSE_LIMITS.defaultMessages));
  const startAt =
    f.start === "newest"
      ? { newest: limit }
      : f.start === "offset"
        ? { offset: Math.max(0, Math.floor(Number(f.at) || 0)) }
        : f.start === "timestamp" && f.at
          ? { timestamp: new Date(f.at).getTime() }
          : {};
  return {
    ...(f.partition !== "all" ? { partition: Number(f.partition) } : {}),
    ...startAt,
    limit,
    ...(f.key ? { key: f.key } : {}),
    ...(f.q ? { q: f.q } : {}),
    ...(f.header ? { header: f.header } : {}),
  };
}

/** The Messages tab: bounded reads at exact offsets, no consumer group; says how far it read. */
export function MessageBrowser({ source, topic, partitions }: { source: string; topic: string; partitions: number[] }) {
  const [partition, setPartition] = useUrlState("partition", "all");
  const [start, setStart] = useUrlState<Start>("start", "newest", STARTS);
  const [at, setAt] = useUrlState("at", "");
  const [limit, setLimit] = useUrlState("limit", String(BROWSE_LIMITS.defaultMessages));
  const [key, setKey] = useUrlState("key", "");
  const [q, setQ] = useUrlState("q", "");
  const [header, setHeader] = useUrlState("header", "");
  const [query, setQuery] = useState<Query | null>(() => queryOf({ partition, start, at, limit, key, q, header }));
  const messages = useTopicMessages(source, topic, query);
  const read = () => setQuery(queryOf({ partition, start, at, limit, key, q, header }));
  // The next page resumes every partition where this one stopped (the server's cursor): the
  // same partition choice, filters and page size, no start of its own.
  const next = messages.data?.next ?? null;
  const nextPage = () => {
    if (!next || !query) return;
    const same = Object.fromEntries(Object.entries(query).filter(([k]) => !START_KEYS.has(k)));
    setQuery({ ...same, after: next });
  };
  return (
    <div className="space-y-4">
      <form
        className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-4 dark:border-slate-800"
        onSubmit={(e) => {
          e.preventDefault();
          read();
        }}
      >
        <Field label="Partition">
          <select className={fieldCls} value={partition} onChange={(e) => setPartition(e.target.value)} aria-label="Partition">
            <option value="all">All</option>
            {partitions.map((p) => (
              <option key={p} value={String(p)}>
                {p}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Start">
          <select className={fieldCls} value={start} onChange={(e) => setStart(e.target.value as Start)} aria-label="Start">
            <option value="newest">Newest N</option>
            <option value="offset">At an offset</option>
            <option value="timestamp">At a time</option>
            <option value="earliest">Earliest</option>
          </select>
        </Field>
        {start === "offset" && (
          <Field label="Offset">
            <input className={fieldCls} inputMode="numeric" value={at} onChange={(e) => setAt(e.target.value)} aria-label="Offset" />
          </Field>
        )}
        {start === "timestamp" && (
          <Field label="Time (local)">
            <input className={fieldCls} type="datetime-local" step="1" value={at} onChange={(e) => setAt(e.target.value)} aria-label="Time" />
          </Field>
        )}
        <Field label="Messages (N)" hint={`at most ${BROWSE_LIMITS.maxMessages}`}>
          <input className={fieldCls} inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} aria-label="Messages" />
        </Field>
        <Field label="Key contains">
          <input className={fieldCls} value={key} onChange={(e) => setKey(e.target.value)} aria-label="Key contains" />
        </Field>
        <Field label="Value contains">
          <input className={fieldCls} value={q} onChange={(e) => setQ(e.target.value)} aria-label="Value contains" />
        </Field>
        <Field label="Header" hint='"name" or "name=value"'>
          <input className={fieldCls} value={header} onChange={(e) => setHeader(e.target.value)} aria-label="Header" />
        </Field>
        <div className="flex items-end">
          <Button type="submit" variant="primary" disabled={messages.isFetching}>
            {messages.isFetching ? "Reading…" : "Read"}
          </Button>
        </div>
      </form>
      <QueryView query={messages} loading="Reading messages">
        {(r) => (
          <div className="space-y-3">
            <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600 dark:text-slate-300">
              <p data-testid="browse-summary">
                Read {formatNumber(r.messages.length)} of {formatNumber(r.scanned)} scanned, stopped by {STOPPED[r.stoppedBy]} ·{" "}
                {r.partitions.map((p) => `p${p.partition}: ${p.from}–${p.to} of ${p.end}`).join(" · ")}
              </p>
              <span className="flex gap-2">
                {query?.after !== undefined && <Button onClick={read}>First page</Button>}
                {next !== null && <Button onClick={nextPage}>Next page</Button>}
              </span>
            </div>
            {r.messages.length ? (
              <ol className="space-y-3">
                {r.messages.map((m) => (
                  <MessageCard key={`${m.partition}-${m.offset}`} m={m} />
                ))}
              </ol>
            ) : (
              <EmptyState title="No message matched">Change the start or the filters, or read on with the next page.</EmptyState>
            )}
          </div>
        )}
      </QueryView>
    </div>
  );
}

function MessageCard({ m }: { m: KafkaMessageDto }) {
  return (
    <li className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid="kafka-message">
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
        <span>
          partition <b className="text-slate-800 dark:text-slate-200">{m.partition}</b>
        </span>
        <span>
          offset <b className="text-slate-800 dark:text-slate-200">{m.offset}</b>
        </span>
        <span>{new Date(m.timestamp).toISOString()}</span>
      </div>
      <div className="grid gap-2 md:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <div className="space-y-1">
          <h3 className="text-xs font-medium text-slate-500">Key</h3>
          {m.key ? <PayloadView payload={m.key} /> : <p className="text-xs text-slate-400">(no key)</p>}
          {m.headers.length > 0 && (
            <>
              <h3 className="pt-1 text-xs font-medium text-slate-500">Headers</h3>
              <dl className="space-y-1 text-xs">
                {m.headers.map((h, i) => (
                  <div key={i} className="flex gap-2">
                    <dt className="shrink-0 font-mono text-slate-500">{h.name}</dt>
                    <dd className="break-all font-mono">{h.value.encoding === "binary" ? `0x${h.value.text}` : h.value.text}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </div>
        <div className="space-y-1">
          <h3 className="text-xs font-medium text-slate-500">Value</h3>
          {m.value ? <PayloadView payload={m.value} /> : <p className="text-xs text-slate-400">(tombstone: no value)</p>}
        </div>
      </div>
    </li>
  );
}
