import "server-only";
import type { Role } from "@/lib/dto";
import { globalRole, roleOn, type GrantTarget } from "@/lib/grants";
import type { Runtime } from "@/server/runtime";
import type { Principal } from "./principal";

// Grants applied to the configured sources: the one place that knows a source's tags. Routes,
// actions and lists ask here; lib/grants.ts does the matching.

type Sources = Pick<Runtime, "collector">;

function target(rt: Sources, sourceId: string): GrantTarget {
  const tags = rt.collector.samplers.get(sourceId)?.source.tags;
  return tags ? { id: sourceId, tags } : { id: sourceId };
}

/** The caller's role on one source; undefined: it may not know the source exists. */
export function roleOnSource(rt: Sources, who: Pick<Principal, "grants">, sourceId: string): Role | undefined {
  return roleOn(who.grants, target(rt, sourceId));
}

/** The caller's role on everything at once (users, tokens, alert admin, the whole audit). */
export function roleOnAll(who: Pick<Principal, "grants">): Role | undefined {
  return globalRole(who.grants);
}

/**
 * A test for "may this caller see source X", for filtering lists. A "*" grant sees every
 * source, including ids no longer configured (old audit rows, alert history).
 */
export function sourceVisibility(rt: Sources, who: Pick<Principal, "grants">): (sourceId: string | undefined | null) => boolean {
  if (globalRole(who.grants)) return () => true;
  return (id) => !!id && roleOnSource(rt, who, id) !== undefined;
}

/** Role per configured source the caller may see: the session API gives it to the UI. */
export function sourceRoles(rt: Sources, who: Pick<Principal, "grants">): Record<string, Role> {
  const out: Record<string, Role> = {};
  for (const id of rt.collector.samplers.keys()) {
    const role = roleOnSource(rt, who, id);
    if (role) out[id] = role;
  }
  return out;
}

/** The ids a store query should be limited to; undefined: everything (a "*" grant). */
export function visibleSourceIds(rt: Sources, who: Pick<Principal, "grants">): string[] | undefined {
  return globalRole(who.grants) ? undefined : Object.keys(sourceRoles(rt, who));
}
