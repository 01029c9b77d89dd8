"use client";

import type { SourceSummary } from "@/lib/dto";
import { KIND_LABEL } from "@/lib/format";
import { SourceCard } from "./source-card";
import { SourceGate } from "./source-gate";
import { SourcePanel } from "./panels";

export function SourceDetail({ sourceId }: { sourceId: string }) {
  return <SourceGate sourceId={sourceId}>{(source) => <SourceDetailOf source={source} />}</SourceGate>;
}

function SourceDetailOf({ source }: { source: SourceSummary }) {
  return (
    <div className="space-y-4">
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{KIND_LABEL[source.kind]}</p>
        <h1 className="text-xl font-semibold">{source.name}</h1>
      </div>
      <div className="max-w-md">
        <SourceCard source={source} />
      </div>
      <SourcePanel source={source} />
    </div>
  );
}
