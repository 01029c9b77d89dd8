import type { ControlOutcome } from "./queries";

const list = (hosts: string[]) => hosts.map((h) => <code key={h} className="mx-0.5 rounded bg-slate-100 px-1 text-xs dark:bg-slate-800">{h}</code>);

/** Which workers acknowledged a control action: Celery only knows who answered within its window. */
export function ControlReply({ outcome }: { outcome: ControlOutcome }) {
  const { acknowledged, noReply } = outcome.reply;
  const none = acknowledged.length === 0;
  return (
    <div
      role="status"
      data-testid="control-reply"
      className={`rounded-md border p-3 text-sm ${none ? "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200" : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"}`}
    >
      <p className="font-medium">{outcome.what}</p>
      <p data-testid="acknowledged">{none ? "No worker acknowledged it." : <>Acknowledged by {list(acknowledged)}</>}</p>
      {noReply.length > 0 && <p data-testid="no-reply">No reply from {list(noReply)}</p>}
    </div>
  );
}
