"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { AuditEntry } from "@/lib/dto";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";

export interface ChartMarker {
  t: number;
  /** "queue.purge demo.orders by admin" ("... on rabbit by admin" on a chart of every source) */
  label: string;
  /** The source acted on (charts of every source tell them apart). */
  source?: string;
}

/** `useAuditMarkers(ALL_SOURCES, ...)`: the actions on every source, for a chart across sources. */
export const ALL_SOURCES = "*";

/** A chart's range in whole minutes: every chart of a page asks one shared question a minute. */
const MINUTE = 60_000;
const MAX_MARKERS = 100;

/**
 * What an operator did on the source (actions that went through, not reads or sign-ins), as
 * markers on its charts. `everySource`: actions on any source (not on users or tokens), each
 * label naming its source.
 */
export function markersOf(items: readonly AuditEntry[], everySource = false): ChartMarker[] {
  return items
    .filter((e) => e.outcome === "ok" && !e.action.endsWith(".finished") && !e.action.startsWith("session.") && (!everySource || e.source))
    .map((e) => ({
      t: Date.parse(e.at),
      label: `${e.action}${e.target ? ` ${e.target}` : ""}${everySource ? ` on ${e.source}` : ""} by ${e.actor}`,
      ...(e.source ? { source: e.source } : {}),
    }))
    .sort((a, b) => a.t - b.t);
}

/** `source`: one source's actions, ALL_SOURCES for every source's, undefined for none (a chart not tied to a source). */
export function useAuditMarkers(source: string | undefined, from: number, to: number): ChartMarker[] {
  const lo = Math.floor(from / MINUTE) * MINUTE;
  const hi = Math.ceil(to / MINUTE) * MINUTE;
  const every = source === ALL_SOURCES;
  const q = useQuery({
    queryKey: queryKeys.auditMarkers(source ?? "", lo, hi),
    queryFn: ({ signal }) => api<{ items: AuditEntry[] }>(apiPaths.audit({ source: every ? undefined : source, from: lo, to: hi, limit: MAX_MARKERS }), { signal }),
    // Before its points arrive a chart's range is not known yet (from/to around 0): nothing to ask.
    enabled: Boolean(source) && lo > 0 && hi > lo,
    refetchInterval: POLL.audit,
    placeholderData: keepPreviousData,
  });
  return q.data ? markersOf(q.data.items, every).filter((m) => m.t >= from && m.t <= to) : [];
}
