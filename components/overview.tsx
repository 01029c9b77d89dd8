"use client";

import { useSources } from "./queries";
import { SourceCard } from "./source-card";
import { EmptyState, ErrorState, SkeletonCards } from "./ui/states";

export function Overview() {
  const { data, error, isPending } = useSources();
  if (isPending) return <SkeletonCards />;
  if (error && !data) return <ErrorState error={error} />;
  if (!data?.length)
    return (
      <EmptyState title="No sources configured">
        Add brokers to <code>queuedeck.config.json</code> (or set <code>QUEUEDECK_CONFIG</code>) and restart.
      </EmptyState>
    );
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      {data.map((s) => (
        <SourceCard key={s.id} source={s} />
      ))}
    </div>
  );
}
