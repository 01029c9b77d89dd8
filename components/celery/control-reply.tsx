import type { ControlOutcome } from "./queries";

const list = (hosts: string[]) => hosts.map((h) => <code key={h} className="mx-0.5 rounded bg-slate-100 px-1 text-xs dark:bg-slate-800">{h}</code>);

/**
 * Which workers acknowledged a control action, which refused it (with their reason), and which
 * did not answer: Celery only knows who answered within its window.
 */
export function ControlReply({ outcome }: { outcome: ControlOutcome }) {
  const { acknowledged, noReply, refused } = outcome.reply;
  const none = acknowledged.length === 0;
  const warn = none || refused.length > 0;
  return (
    <div
      role="status"
      data-testid="control-reply"
      className={`rounded-md border p-3 text-sm ${warn ? "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200" : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"}`}
    >
      <p className="font-medium">{outcome.what}</p>
      <p data-testid="acknowledged">{none ? "No worker acknowledged it." : <>Acknowledged by {list(acknowledged)}</>}</p>
      {refused.length > 0 && (
        <ul data-testid="refused">
          {refused.map((r) => (
            <li key={r.worker}>
              Refused by {list([r.worker])}: <span className="font-mono text-xs">{r.error}</span>
            </li>
          ))}
        </ul>
      )}
      {noReply.length > 0 && <p data-testid="no-reply">No reply from {list(noReply)}</p>}
    </div>
  );
}
