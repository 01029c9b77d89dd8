"use client";

import { useSources } from "./queries";
import { SourceCard } from "./source-card";
import { QueryView } from "./ui/query-view";
import { EmptyState, SkeletonCards } from "./ui/states";

export function Overview() {
  return (
    <QueryView
      query={useSources()}
      loading={<SkeletonCards />}
      isEmpty={(d) => !d.length}
      empty={
        <EmptyState title="No sources configured">
          Add brokers to <code>queuedeck.config.json</code> (or set <code>QUEUEDECK_CONFIG</code>) and restart.
        </EmptyState>
      }
    >
      {(data) => (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {data.map((s) => (
            <SourceCard key={s.id} source={s} />
          ))}
        </div>
      )}
    </QueryView>
  );
}
