"use client";

import { QueueView } from "./panels";
import { SourceBreadcrumb, SourceGate } from "./source-gate";

export function QueuePage({ sourceId, queueId }: { sourceId: string; queueId: string }) {
  return (
    <SourceGate sourceId={sourceId}>
      {(source) => (
        <div className="space-y-4">
          <SourceBreadcrumb source={source} here="queue" />
          <QueueView source={source} queueId={queueId} />
        </div>
      )}
    </SourceGate>
  );
}
