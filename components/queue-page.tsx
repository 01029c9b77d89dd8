"use client";

import Link from "next/link";
import { useSources } from "./queries";
import { QueueView } from "./panels";
import { EmptyState, ErrorState, Spinner } from "./ui/states";

export function QueuePage({ sourceId, queueId }: { sourceId: string; queueId: string }) {
  const { data, error, isPending } = useSources();
  if (isPending) return <Spinner />;
  if (error && !data) return <ErrorState error={error} />;
  const source = data?.find((s) => s.id === sourceId);
  if (!source) return <EmptyState title={`No source "${sourceId}"`} />;
  return (
    <div className="space-y-4">
      <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href={`/sources/${encodeURIComponent(source.id)}`} className="hover:underline">
          {source.name}
        </Link>{" "}
        / queue
      </nav>
      <QueueView source={source} queueId={queueId} />
    </div>
  );
}
