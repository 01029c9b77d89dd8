import "server-only";
import crypto from "node:crypto";
import type { Role } from "@/lib/dto";
import type { Runtime } from "@/server/runtime";
import { SESSION_COOKIE } from "@/server/auth/sessions";

export interface Principal {
  /** Shown in the audit log: a username, or "token:<name>". */
  actor: string;
  username?: string;
  role: Role;
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

/** Who is calling: a bearer token (env admin token or a stored one), else the session cookie. */
export function resolvePrincipal(req: Request, rt: Runtime): Principal | undefined {
  const auth = req.headers.get("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) {
    const token = auth.slice(7).trim();
    const envToken = process.env.QUEUEDECK_ADMIN_TOKEN;
    if (envToken && safeEqual(token, envToken)) return { actor: "token:QUEUEDECK_ADMIN_TOKEN", role: "admin", via: "token" };
    const info = rt.tokens.resolve(token);
    return info && { actor: `token:${info.name}`, role: info.role, via: "token" };
  }
  const session = cookieValue(req, SESSION_COOKIE);
  if (!session) return undefined;
  const username = rt.sessions.resolve(session);
  const user = username ? rt.users.get(username) : undefined;
  return user && { actor: user.username, username: user.username, role: user.role, via: "session" };
}
