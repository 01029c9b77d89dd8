import { signInSchema } from "@/lib/schemas";
import { publicRoute, readJson } from "@/server/http/route";
import { jsonError, methodNotAllowed } from "@/server/http/errors";
import { getRuntime, type Runtime } from "@/server/runtime";
import { endSessionUrl } from "@/server/auth/oidc";
import { cookieValue, resolvePrincipal } from "@/server/auth/principal";
import { isCrossSite } from "@/server/http/cross-site";
import { SESSION_COOKIE, SESSION_TTL_MS } from "@/server/auth/sessions";
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH, DEVICE_TTL_S } from "@/server/auth/device-cookie";
import { meOf } from "@/server/auth/me";
import { attemptSignIn } from "@/server/auth/sign-in";
import { cookie } from "@/server/http/cookies";

export const dynamic = "force-dynamic";

/**
 * Sign in: sets the session cookie and the device cookie (which sign-out keeps: it names the
 * browser, not the session). Limits and audit: server/auth/sign-in.ts. A session cookie the
 * browser still presents is ended: signing in again leaves one session per browser.
 */
export const POST = publicRoute(async (req) => {
  if (isCrossSite(req)) return jsonError(403, "csrf", "cross-site request refused");
  const creds = signInSchema.parse(await readJson(req));
  const rt = await getRuntime();
  // Break-glass off: only single sign-on (config auth.localSignIn: false).
  if (rt.config.auth?.localSignIn === false) return jsonError(403, "local_sign_in_off", "sign-in with a password is turned off here; use single sign-on");
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
  return Response.json(meOf(rt, { username: user.username, actor: user.username, grants: user.grants }), { headers });
});

/** Who am I: 401 when not signed in. */
export const GET = publicRoute(async (req) => {
  const rt = await getRuntime();
  const who = await resolvePrincipal(req, rt);
  if (!who) return jsonError(401, "unauthenticated", "not signed in");
  return meOf(rt, who);
});

/** Sign out: forgets the session on the server and clears its cookie; the device cookie stays. */
export const DELETE = publicRoute(async (req) => {
  if (isCrossSite(req)) return jsonError(403, "csrf", "cross-site request refused");
  const rt = await getRuntime();
  const token = cookieValue(req, SESSION_COOKIE);
  let endSessionUrl: string | undefined;
  if (token) {
    const who = await resolvePrincipal(req, rt);
    await rt.sessions.revoke(token);
    if (who) await rt.audit.append({ actor: who.actor, actorKind: who.actorKind, actorId: who.actorId, action: "session.delete", outcome: "ok" });
    endSessionUrl = await providerSignOut(rt, who?.username);
  }
  return Response.json(
    { ok: true, ...(endSessionUrl ? { endSessionUrl } : {}) },
    { headers: { "set-cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` } },
  );
});

/** An SSO user's sign-out goes on to the provider's end-session page when it has one (the browser follows it). */
async function providerSignOut(rt: Runtime, username: string | undefined): Promise<string | undefined> {
  const cfg = rt.config.auth?.oidc;
  if (!cfg || !username || !(await rt.users.find(username))?.external) return undefined;
  try {
    return await endSessionUrl(cfg);
  } catch {
    return undefined; // The local session is over all the same.
  }
}

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "POST", "DELETE");
export { notAllowed as PUT, notAllowed as PATCH };
