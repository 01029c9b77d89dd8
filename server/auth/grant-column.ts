import "server-only";
import type { Role } from "@/lib/dto";
import { allSources, grantsSchema, topRole, type Grant } from "@/lib/grants";

// The grants column of users and api_tokens (JSON). A row written without it (NULL) holds its
// old single role on every source; a row that does not parse grants nothing rather than too much.

export function readGrants(json: string | null | undefined, role: Role): Grant[] {
  if (json == null) return allSources(role);
  try {
    const parsed = grantsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The grants as stored, and the legacy `role` column's value (the highest role among them). */
export function grantColumns(grants: Grant[]): { grants: string; role: Role } {
  return { grants: JSON.stringify(grants), role: topRole(grants) ?? "viewer" };
}
