"use client";

import { QueueRoute } from "./panels";
import { SourceGate } from "./source-gate";

/** A queue (or job) page: the source resolved, then the kind's own reading of the path. */
export function QueuePage({ sourceId, segments }: { sourceId: string; segments: string[] }) {
  return <SourceGate sourceId={sourceId}>{(source) => <QueueRoute source={source} segments={segments} />}</SourceGate>;
}
