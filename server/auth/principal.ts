import "server-only";
import crypto from "node:crypto";
import { allSources, type Grant } from "@/lib/grants";
import type { Runtime } from "@/server/runtime";
import { SESSION_COOKIE } from "@/server/auth/sessions";
import { ENV_TOKEN_ACTOR, tokenActor, userActor, type Actor } from "@/server/auth/actor";
import { usernameKey } from "@/server/auth/username";

/** The caller; as an Actor it is what audit rows name (actor, actorKind, actorId). */
export interface Principal extends Actor {
  username?: string;
  /** What it may see and do, per source (lib/grants.ts; server/auth/access.ts applies them). */
  grants: Grant[];
  via: "session" | "token";
}

function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeCookie(part.slice(i + 1).trim());
  }
  return undefined;
}

/** A malformed %-escape is no cookie at all (so 401), not a server error. */
function decodeCookie(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Who is calling: a bearer token (env admin token or a stored, unexpired one), else the session
 * cookie of an enabled user.
 */
export async function resolvePrincipal(req: Request, rt: Runtime): Promise<Principal | undefined> {
  const auth = req.headers.get("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) {
    const token = auth.slice(7).trim();
    const envToken = process.env.QUEUEDECK_ADMIN_TOKEN;
    if (envToken && safeEqual(token, envToken)) return { ...ENV_TOKEN_ACTOR, grants: allSources("admin"), via: "token" };
    const info = await rt.tokens.resolve(token);
    return info && { ...tokenActor(info.id, info.name), grants: info.grants, via: "token" };
  }
  const session = cookieValue(req, SESSION_COOKIE);
  if (!session) return undefined;
  const username = await rt.sessions.resolve(session);
  const user = username ? await rt.users.find(username) : undefined;
  if (!user || user.disabled) return undefined;
  return { ...userActor(user.username, usernameKey(user.username)), username: user.username, grants: user.grants, via: "session" };
}
