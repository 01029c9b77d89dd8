import "server-only";
import type { OidcConfig } from "@/lib/config-schema";
import type { UserSummary } from "@/lib/dto";
import { describeGrants } from "@/lib/grants";
import type { Runtime } from "@/server/runtime";
import { userActor, type Actor } from "./actor";
import { grantsFromClaims, usernameFromClaims } from "./oidc-claims";
import { usernameKey } from "./username";

/** Why a person the provider vouched for still does not get in; the sign-in page says it in words. */
export type SsoRefusal = "no_access" | "local_account" | "disabled" | "no_username";

export type SsoOutcome = { ok: true; user: UserSummary } | { ok: false; reason: SsoRefusal };

/**
 * After the provider's callback: the claims become grants by the config's mappings, the person
 * becomes (or stays) an SSO user with exactly those grants, and the sign-in is audited either
 * way. Nothing mapped is a refusal: a provider account alone gives no access.
 */
export async function ssoSignIn(rt: Pick<Runtime, "users" | "audit">, cfg: OidcConfig, claims: Record<string, unknown>): Promise<SsoOutcome> {
  const deny = async (actor: Actor, reason: SsoRefusal, error: string): Promise<SsoOutcome> => {
    await rt.audit.append({ ...actor, action: "session.create", params: { via: "oidc" }, outcome: "denied", error });
    return { ok: false, reason };
  };
  const username = usernameFromClaims(claims, cfg.usernameClaims);
  if (!username) return deny({ actor: "unknown SSO user", actorKind: "anonymous", actorId: "oidc" }, "no_username", "the provider sent no usable name");
  const actor = userActor(username, usernameKey(username));
  const grants = grantsFromClaims(claims, cfg.mappings);
  if (!grants.length) return deny(actor, "no_access", "no mapping of the provider's claims grants access");
  const existing = await rt.users.find(username);
  if (existing && !existing.external) return deny(actor, "local_account", "a local account has this name");
  if (existing?.disabled) return deny(actor, "disabled", "account disabled");
  const user = await rt.users.upsertExternal(username, grants);
  await rt.audit.append({ ...actor, action: "session.create", params: { via: "oidc", grants: describeGrants(grants) }, outcome: "ok" });
  return { ok: true, user };
}
