"use client";

import Link from "next/link";
import type { RabbitQueueDto } from "@/lib/rabbitmq";
import { formatNumber } from "@/lib/format";
import { pages } from "@/lib/urls";
import { Card } from "../ui/card";

const rate = (n: number) => `${n < 10 ? n.toFixed(1) : formatNumber(n)}/s`;

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-[11px] uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="font-mono text-sm tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Counts, rates, policy, arguments and dead-letter routes of one queue. */
export function QueueFacts({ source, q }: { source: string; q: RabbitQueueDto }) {
  const link = (name: string) => pages.rabbitQueue(source, q.vhost, name);
  const d = q.deadLetter;
  return (
    <Card className="space-y-4 p-4">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
        <Fact label="Messages" value={formatNumber(q.depth ?? undefined)} testId="queue-depth" />
        <Fact label="Ready" value={formatNumber(q.ready ?? undefined)} />
        <Fact label="Unacked" value={formatNumber(q.unacked ?? undefined)} />
        <Fact label="Consumers" value={formatNumber(q.consumers ?? undefined)} />
        <Fact label="Utilisation" value={q.consumerUtilisation === null ? "–" : `${Math.round(q.consumerUtilisation * 100)} %`} />
        <Fact label="Publish" value={rate(q.rates.in)} />
        <Fact label="Deliver" value={rate(q.rates.out)} />
        <Fact label="Ack / redeliver" value={`${rate(q.rates.ack)} · ${rate(q.rates.redeliver)}`} />
      </dl>
      <div className="space-y-1 text-sm">
        {d.isDeadLetterQueue && (
          <p data-testid="dlq-origins">
            <span className="font-medium">Dead-letter queue of </span>
            {d.origins.map((o, i) => (
              <span key={o}>
                {i > 0 && ", "}
                <Link className="font-mono text-indigo-700 hover:underline dark:text-indigo-300" href={link(o)}>
                  {o}
                </Link>
              </span>
            ))}
          </p>
        )}
        {d.exchange !== null && (
          <p>
            <span className="font-medium">{d.retry ? "Delays messages back into " : "Dead-letters into "}</span>
            {d.targets.length ? (
              d.targets.map((t, i) => (
                <span key={t}>
                  {i > 0 && ", "}
                  <Link className="font-mono text-indigo-700 hover:underline dark:text-indigo-300" href={link(t)}>
                    {t}
                  </Link>
                </span>
              ))
            ) : (
              <span className="text-amber-700 dark:text-amber-400">no queue (nothing bound: dead letters are dropped)</span>
            )}
            <span className="text-slate-500">
              {" "}
              via {d.exchange === "" ? "the default exchange" : <code>{d.exchange}</code>}
              {d.routingKey !== null && (
                <>
                  {" "}
                  with key <code>{d.routingKey}</code>
                </>
              )}{" "}
              (set by {d.configuredBy})
            </span>
          </p>
        )}
        <p className="text-slate-500">
          Policy: {q.policy ?? "none"}
          {Object.keys(q.arguments).length > 0 && (
            <>
              {" "}
              · Arguments: <code className="break-all text-xs">{JSON.stringify(q.arguments)}</code>
            </>
          )}
        </p>
      </div>
    </Card>
  );
}
