"use client";

import { useSources } from "./queries";
import { SourceCard } from "./source-card";
import { EmptyState, ErrorState, Spinner } from "./ui/states";
import { KIND_LABEL } from "@/lib/format";
import { SourcePanel } from "./panels";

export function SourceDetail({ sourceId }: { sourceId: string }) {
  const { data, error, isPending } = useSources();
  if (isPending) return <Spinner />;
  if (error && !data) return <ErrorState error={error} />;
  const source = data?.find((s) => s.id === sourceId);
  if (!source) return <EmptyState title={`No source "${sourceId}"`}>Check the id in the config.</EmptyState>;
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
