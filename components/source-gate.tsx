"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { SourceSummary } from "@/lib/dto";
import { pages } from "@/lib/urls";
import { useSources } from "./queries";
import { QueryView } from "./ui/query-view";
import { EmptyState } from "./ui/states";

/** Resolves a source id from the polled source list (loading, error, unknown id), then renders `children`. */
export function SourceGate({ sourceId, children }: { sourceId: string; children: (source: SourceSummary) => ReactNode }) {
  const sources = useSources();
  const source = sources.data?.find((s) => s.id === sourceId);
  return (
    <QueryView
      query={{ ...sources, data: sources.data && { source } }}
      isEmpty={(d) => !d.source}
      empty={<EmptyState title={`No source "${sourceId}"`}>Check the id in the config.</EmptyState>}
    >
      {(d) => children(d.source!)}
    </QueryView>
  );
}

/** "Source name / here", the source's name linking to its page. */
export function SourceBreadcrumb({ source, here }: { source: SourceSummary; here: string }) {
  return (
    <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
      <Link href={pages.source(source.id)} className="hover:underline">
        {source.name}
      </Link>{" "}
      / {here}
    </nav>
  );
}
