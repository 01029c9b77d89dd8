import type { OidcMapping } from "@/lib/config-schema";
import type { Grant } from "@/lib/grants";

// From an identity provider's claims to QueueDeck grants, by the config's mappings. Pure.

type Claims = Record<string, unknown>;

/** A claim holds the value, or (a list claim such as `groups`) contains it. */
function claimHas(claims: Claims, name: string, value: string | boolean): boolean {
  const v = claims[name];
  return Array.isArray(v) ? v.includes(value) : v === value;
}

/** Every mapping whose claim matches becomes a grant; none: the person gets no access. */
export function grantsFromClaims(claims: Claims, mappings: readonly OidcMapping[]): Grant[] {
  return mappings.filter((m) => claimHas(claims, m.claim, m.value)).map((m) => ({ role: m.role, sources: m.sources }));
}

/** The first of `names` that is a non-empty string claim (a username QueueDeck shows and audits). */
export function usernameFromClaims(claims: Claims, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = claims[n];
    if (typeof v === "string" && v.trim() && v.length <= 128) return v.trim();
  }
  const sub = claims.sub;
  return typeof sub === "string" && sub ? sub.slice(0, 128) : undefined;
}
