"use client";

import { useId, useState } from "react";
import type { PeekedMessageDto } from "@/lib/rabbitmq";
import { formatBytes } from "@/lib/format";
import { PayloadView } from "../payload-view";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { QueryView } from "../ui/query-view";
import { DeathTable } from "./death-table";
import { usePeek } from "./queries";

function MessageItem({ m, selected, onToggle }: { m: PeekedMessageDto; selected: boolean; onToggle?: () => void }) {
  const [open, setOpen] = useState(false);
  const latest = m.deaths[0];
  return (
    <li className="border-b border-slate-100 last:border-0 dark:border-slate-800" data-testid="message">
      <div className="flex items-center gap-2 px-3 py-2 text-sm">
        {onToggle && <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`Select message ${m.index + 1}`} />}
        <button type="button" className="flex min-w-0 flex-1 items-center gap-2 text-left" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          <span className="w-6 shrink-0 text-right text-xs text-slate-400">{m.index + 1}</span>
          <span className="truncate font-mono text-xs">{m.payload.text.slice(0, 160) || "(empty)"}</span>
        </button>
        {latest && <span className="shrink-0 rounded bg-red-50 px-1.5 text-[11px] text-red-700 dark:bg-red-950 dark:text-red-300">{latest.reason} in {latest.queue}</span>}
        <span className="shrink-0 text-xs text-slate-500">{formatBytes(m.size)}</span>
      </div>
      {open && (
        <div className="space-y-3 px-3 pb-4 sm:pl-10" data-testid="message-detail">
          <PayloadView payload={m.payload} />
          <div>
            <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Dead-letter history (x-death)</h4>
            <DeathTable deaths={m.deaths} />
          </div>
          <div className="grid gap-3 md:grid-cols-2">
            <div>
              <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Properties</h4>
              <pre className="overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-950">{JSON.stringify({ ...m.properties, exchange: m.exchange, routingKey: m.routingKey, redelivered: m.redelivered }, null, 2)}</pre>
            </div>
            <div>
              <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Headers</h4>
              <pre className="max-h-64 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-950">{JSON.stringify(m.headers, null, 2)}</pre>
            </div>
          </div>
        </div>
      )}
    </li>
  );
}

interface MessageListProps {
  source: string;
  queue: string;
  selected: Set<string>;
  onSelect: (keys: Set<string>) => void;
  selectable: boolean;
  /** When the last action on this queue ended: a peek taken before it is marked as out of date. */
  actedAt?: number;
}

/** Said next to the button: a peek is not free (streams aside, where reading changes nothing). */
const PEEK_EFFECT = "A peek marks the messages redelivered and, on quorum queues, counts toward their delivery limit.";

/** Peek: fetches the first messages when asked, shows them, lets the user pick some for an action. */
export function MessageList({ source, queue, selected, onSelect, selectable, actedAt }: MessageListProps) {
  const [limit, setLimit] = useState(20);
  const [asked, setAsked] = useState(false);
  const effectId = useId();
  const { data, error, isFetching, refetch, dataUpdatedAt } = usePeek(source, queue, limit, asked);
  // Not re-read by itself: every peek requeues messages, so it runs only when asked.
  const outOfDate = Boolean(data && actedAt && dataUpdatedAt < actedAt);
  const toggle = (key: string) => {
    const next = new Set(selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onSelect(next);
  };
  return (
    <Card className="p-0">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 p-3 dark:border-slate-800">
        <h2 className="text-sm font-semibold">Messages</h2>
        <select className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950" value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="How many messages">
          {[5, 20, 50, 100].map((n) => (
            <option key={n} value={n}>
              first {n}
            </option>
          ))}
        </select>
        <Button onClick={() => (asked ? void refetch() : setAsked(true))} disabled={isFetching} aria-describedby={effectId}>
          {isFetching ? "Reading…" : asked ? "Peek again" : "Peek messages"}
        </Button>
        <span id={effectId} data-testid="peek-effect" className="text-xs text-amber-700 dark:text-amber-400">
          {PEEK_EFFECT}
        </span>
        {selectable && selected.size > 0 && <span className="text-xs text-slate-500">{selected.size} selected</span>}
      </div>
      <div className="p-3">
        {!asked ? (
          <p className="text-sm text-slate-500">Peeking reads messages from the head of the queue and puts them back; nothing is consumed.</p>
        ) : (
          // A failed peek is said even over an older one: that one is what the action would pick from.
          <QueryView
            query={{ data: error ? undefined : data, error, isPending: isFetching }}
            loading="Reading messages"
            isEmpty={(d) => !d.items.length}
            empty="The queue has no ready messages"
          >
            {(data) => (
              <>
                {outOfDate && (
                  <p role="status" data-testid="peek-out-of-date" className="mb-2 rounded-md bg-amber-50 px-2 py-1 text-xs font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300">
                    Read before your last action: these messages may have left the queue. Peek again to see it now.
                  </p>
                )}
                <p className="mb-2 text-xs text-amber-700 dark:text-amber-400">{data.note}</p>
                <ul className="rounded-md border border-slate-200 dark:border-slate-800">
                  {data.items.map((m) => (
                    <MessageItem key={`${m.index}-${m.key}`} m={m} selected={selected.has(m.key)} onToggle={selectable && !outOfDate ? () => toggle(m.key) : undefined} />
                  ))}
                </ul>
              </>
            )}
          </QueryView>
        )}
      </div>
    </Card>
  );
}
