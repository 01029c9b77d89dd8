"use client";

import { SourceBreadcrumb, SourceGate } from "../source-gate";
import { EmptyState } from "../ui/states";
import { DeadLetterView } from "../panels";

/** /sources/{id}/dead-letters: resolves the source, then the view (for sources that detect dead letters). */
export function DeadLettersPage({ sourceId }: { sourceId: string }) {
  return (
    <SourceGate sourceId={sourceId}>
      {(source) =>
        source.capabilities.deadLetters ? (
          <div className="space-y-4">
            <SourceBreadcrumb source={source} here="dead letters" />
            <DeadLetterView source={source} />
          </div>
        ) : (
          <EmptyState title={`${source.name} has no dead-letter view`} />
        )
      }
    </SourceGate>
  );
}
