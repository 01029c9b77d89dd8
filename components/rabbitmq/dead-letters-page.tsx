"use client";

import Link from "next/link";
import { useSources } from "../queries";
import { EmptyState, ErrorState, Spinner } from "../ui/states";
import { DeadLettersView } from "./dead-letters-view";

/** /sources/{id}/dead-letters: resolves the source, then the view (for sources that detect dead letters). */
export function DeadLettersPage({ sourceId }: { sourceId: string }) {
  const { data, error, isPending } = useSources();
  if (isPending) return <Spinner />;
  if (error && !data) return <ErrorState error={error} />;
  const source = data?.find((s) => s.id === sourceId);
  if (!source) return <EmptyState title={`No source "${sourceId}"`} />;
  if (!source.capabilities.deadLetters) return <EmptyState title={`${source.name} has no dead-letter view`} />;
  return (
    <div className="space-y-4">
      <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href={`/sources/${encodeURIComponent(source.id)}`} className="hover:underline">
          {source.name}
        </Link>{" "}
        / dead letters
      </nav>
      <DeadLettersView source={source} />
    </div>
  );
}
