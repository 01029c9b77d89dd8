import { signInSchema } from "@/lib/schemas";
import { publicRoute, readJson } from "@/server/http/route";
import { jsonError, methodNotAllowed } from "@/server/http/errors";
import { getRuntime } from "@/server/runtime";
import { cookieValue, resolvePrincipal } from "@/server/auth/principal";
import { isCrossSite } from "@/server/http/cross-site";
import { SESSION_COOKIE, SESSION_TTL_MS } from "@/server/auth/sessions";
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH, DEVICE_TTL_S } from "@/server/auth/device-cookie";
import { isReadOnly } from "@/server/auth/read-only";
import { attemptSignIn } from "@/server/auth/sign-in";

export const dynamic = "force-dynamic";

function isHttps(req: Request): boolean {
  return req.headers.get("x-forwarded-proto") === "https" || new URL(req.url).protocol === "https:";
}

function cookie(req: Request, name: string, value: string, path: string, maxAgeS: number): string {
  return [`${name}=${value}`, `Path=${path}`, "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeS}`, ...(isHttps(req) ? ["Secure"] : [])].join("; ");
}

/**
 * Sign in: sets the session cookie and the device cookie (which sign-out keeps: it names the
 * browser, not the session). Limits and audit: server/auth/sign-in.ts. A session cookie the
 * browser still presents is ended: signing in again leaves one session per browser.
 */
export const POST = publicRoute(async (req) => {
  if (isCrossSite(req)) return jsonError(403, "csrf", "cross-site request refused");
  const creds = signInSchema.parse(await readJson(req));
  const rt = await getRuntime();
  const device = rt.devices.verify(cookieValue(req, DEVICE_COOKIE), creds.username);
  const outcome = await attemptSignIn(rt, req, creds, device);
  if (!outcome.ok && outcome.status === 429) {
    const secs = outcome.retryAfterS;
    return jsonError(429, "too_many_attempts", `too many failed sign-ins; try again in ${secs} s`, { "retry-after": String(secs) });
  }
  if (!outcome.ok) return jsonError(401, "invalid_credentials", "wrong username or password");
  const { user } = outcome;
  const previous = cookieValue(req, SESSION_COOKIE);
  if (previous) await rt.sessions.revoke(previous);
  const { token } = await rt.sessions.create(user.username);
  const headers = new Headers();
  headers.append("set-cookie", cookie(req, SESSION_COOKIE, token, "/", Math.floor(SESSION_TTL_MS / 1000)));
  // Renewed on every sign-in; a known device keeps its id, and so its counter.
  headers.append("set-cookie", cookie(req, DEVICE_COOKIE, rt.devices.issue(user.username, device), DEVICE_COOKIE_PATH, DEVICE_TTL_S));
  return Response.json({ username: user.username, role: user.role, readOnly: isReadOnly() }, { headers });
});

/** Who am I: 401 when not signed in. */
export const GET = publicRoute(async (req) => {
  const rt = await getRuntime();
  const who = await resolvePrincipal(req, rt);
  if (!who) return jsonError(401, "unauthenticated", "not signed in");
  return { username: who.username ?? who.actor, role: who.role, readOnly: isReadOnly() };
});

/** Sign out: forgets the session on the server and clears its cookie; the device cookie stays. */
export const DELETE = publicRoute(async (req) => {
  if (isCrossSite(req)) return jsonError(403, "csrf", "cross-site request refused");
  const rt = await getRuntime();
  const token = cookieValue(req, SESSION_COOKIE);
  if (token) {
    const who = await resolvePrincipal(req, rt);
    await rt.sessions.revoke(token);
    if (who) await rt.audit.append({ actor: who.actor, actorKind: who.actorKind, actorId: who.actorId, action: "session.delete", outcome: "ok" });
  }
  return Response.json(
    { ok: true },
    { headers: { "set-cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` } },
  );
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "POST", "DELETE");
export { notAllowed as PUT, notAllowed as PATCH };
