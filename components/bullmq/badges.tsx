import type { BullQueueDto } from "@/lib/bullmq";

export function PausedBadge() {
  return (
    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300" data-testid="paused-badge">
      paused
    </span>
  );
}

function Chip({ children, testId }: { children: React.ReactNode; testId: string }) {
  return (
    <span className="whitespace-nowrap rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800" data-testid={testId}>
      {children}
    </span>
  );
}

/** "≤ 10 / 1 s" and "≤ 4 at once", or a dash when the queue has neither. */
export function LimitBadges({ rateLimit, concurrency }: Pick<BullQueueDto, "rateLimit" | "concurrency">) {
  if (!rateLimit && concurrency === null) return <span className="text-slate-400">–</span>;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {rateLimit && <Chip testId="rate-limit">≤ {rateLimit.max} / {formatDuration(rateLimit.durationMs)}</Chip>}
      {concurrency !== null && <Chip testId="concurrency">≤ {concurrency} at once</Chip>}
    </span>
  );
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}
