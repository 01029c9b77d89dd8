import { z } from "zod";
import type { Role } from "./dto";

// Roles per source. A grant gives a role on all sources ("*") or on a list of entries, each a
// source id, a glob over ids ("payments-*") or "tag:<tag>" (a source's `tags` in the config).
// A principal's role on a source is the highest role of the grants that match it; none: it
// cannot see the source at all. Global things (users, tokens, alert admin, the whole audit)
// need a "*" grant of that role. Pure and isomorphic: the server decides with it, forms
// validate with the same schema.

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
const ROLES = ["viewer", "operator", "admin"] as const;

/** A source id, a glob of one ("payments-*", `*` for any run of characters) or "tag:<tag>". */
export const sourceEntrySchema = z
  .string()
  .regex(/^(tag:[A-Za-z0-9._-]{1,63}|[a-z0-9*][a-z0-9_*-]{0,62})$/, "a source id, a glob like payments-* or tag:<tag>");

export const grantSchema = z.strictObject({
  role: z.enum(ROLES),
  sources: z.union([z.literal("*"), z.array(sourceEntrySchema).min(1).max(100)]),
});

export const grantsSchema = z.array(grantSchema).min(1, "give at least one grant").max(50);

export type Grant = z.infer<typeof grantSchema>;

/** What matching needs of a source. */
export interface GrantTarget {
  id: string;
  tags?: readonly string[];
}

export const allSources = (role: Role): Grant[] => [{ role, sources: "*" }];

export function roleAtLeast(have: Role | undefined, need: Role): boolean {
  return have !== undefined && RANK[have] >= RANK[need];
}

export function higherRole(a: Role | undefined, b: Role | undefined): Role | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

function globMatches(pattern: string, id: string): boolean {
  if (!pattern.includes("*")) return pattern === id;
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\-]/g, "\\$&")).join(".*")}$`);
  return re.test(id);
}

export function entryMatches(entry: string, source: GrantTarget): boolean {
  if (entry.startsWith("tag:")) return source.tags?.includes(entry.slice(4)) ?? false;
  return globMatches(entry, source.id);
}

export function grantMatches(grant: Grant, source: GrantTarget): boolean {
  return grant.sources === "*" || grant.sources.some((e) => entryMatches(e, source));
}

/** The highest role among grants matching `source`; undefined: the source is hidden. */
export function roleOn(grants: readonly Grant[], source: GrantTarget): Role | undefined {
  let best: Role | undefined;
  for (const g of grants) if (grantMatches(g, source)) best = higherRole(best, g.role);
  return best;
}

/** The role on everything at once (users, tokens, alert admin, the whole audit): "*" grants only. */
export function globalRole(grants: readonly Grant[]): Role | undefined {
  let best: Role | undefined;
  for (const g of grants) if (g.sources === "*") best = higherRole(best, g.role);
  return best;
}

/** The highest role anywhere: what a list shows as the user's role in one word. */
export function topRole(grants: readonly Grant[]): Role | undefined {
  return grants.reduce<Role | undefined>((best, g) => higherRole(best, g.role), undefined);
}

/** "operator on payments-*, tag:team-a; viewer on *": for tables and audit rows. */
export function describeGrants(grants: readonly Grant[]): string {
  return grants.map((g) => `${g.role} on ${g.sources === "*" ? "*" : g.sources.join(", ")}`).join("; ");
}

/** Parses "operator: payments-*, tag:team-a" lines (the admin form's text) into grants; throws a readable message. */
export function parseGrantLines(text: string): Grant[] {
  const grants = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(viewer|operator|admin)\s*:\s*(.+)$/.exec(line);
      if (!m) throw new Error(`"${line}": write role: sources, e.g. operator: payments-*, tag:team-a`);
      const list = m[2]!.split(",").map((s) => s.trim()).filter(Boolean);
      return { role: m[1] as Role, sources: list.includes("*") ? ("*" as const) : list };
    });
  const parsed = grantsSchema.safeParse(grants);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "invalid grants");
  return parsed.data;
}

export function grantLines(grants: readonly Grant[]): string {
  return grants.map((g) => `${g.role}: ${g.sources === "*" ? "*" : g.sources.join(", ")}`).join("\n");
}
