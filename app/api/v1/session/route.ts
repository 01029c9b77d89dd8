import { signInSchema } from "@/lib/schemas";
import { publicRoute, readJson } from "@/server/http/route";
import { jsonError, methodNotAllowed } from "@/server/http/errors";
import { getRuntime } from "@/server/runtime";
import { cookieValue, resolvePrincipal } from "@/server/auth/principal";
import { isCrossSite } from "@/server/http/cross-site";
import { SESSION_COOKIE, SESSION_TTL_MS } from "@/server/auth/sessions";
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH, DEVICE_TTL_S } from "@/server/auth/device-cookie";
import { isReadOnly } from "@/server/auth/read-only";

export const dynamic = "force-dynamic";

/**
 * Failures are counted per device cookie when the browser holds a valid one for this user, so
 * guesses from elsewhere cannot lock the owner out; else per username. X-Forwarded-For is only
 * trusted behind a proxy the operator names (QUEUEDECK_TRUST_PROXY=1), and then its last entry,
 * the one that proxy appended: a client could otherwise send a new value with every guess and
 * never be slowed down.
 */
function clientKey(req: Request, username: string, device: string | undefined): string {
  if (device) return `device:${device}`;
  const user = username.toLowerCase();
  if (process.env.QUEUEDECK_TRUST_PROXY !== "1") return user;
  const ip = req.headers.get("x-forwarded-for")?.split(",").pop()?.trim();
  return ip ? `${user}|${ip}` : user;
}

function isHttps(req: Request): boolean {
  return req.headers.get("x-forwarded-proto") === "https" || new URL(req.url).protocol === "https:";
}

function cookie(req: Request, name: string, value: string, path: string, maxAgeS: number): string {
  return [`${name}=${value}`, `Path=${path}`, "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeS}`, ...(isHttps(req) ? ["Secure"] : [])].join("; ");
}

/**
 * Sign in: sets the session cookie and the device cookie (which sign-out keeps: it names the
 * browser, not the session). Failed attempts are slowed down per device, or per user and client.
 */
export const POST = publicRoute(async (req) => {
  if (isCrossSite(req)) return jsonError(403, "csrf", "cross-site request refused");
  const { username, password } = signInSchema.parse(await readJson(req));
  const rt = await getRuntime();
  const device = rt.devices.verify(cookieValue(req, DEVICE_COOKIE), username);
  const key = clientKey(req, username, device);
  const { lockedForMs, delayMs } = rt.throttle.check(key);
  if (lockedForMs > 0) {
    const secs = Math.ceil(lockedForMs / 1000);
    return jsonError(429, "too_many_attempts", `too many failed sign-ins; try again in ${secs} s`, { "retry-after": String(secs) });
  }
  // Counted before the (async) password check, so parallel guesses cannot all pass as "first".
  rt.throttle.fail(key);
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  const user = await rt.users.verify(username, password);
  if (!user) {
    rt.audit.append({ actor: username.slice(0, 64), action: "session.create", outcome: "denied", error: "wrong username or password" });
    return jsonError(401, "invalid_credentials", "wrong username or password");
  }
  rt.throttle.succeed(key);
  const { token } = rt.sessions.create(user.username);
  rt.audit.append({ actor: user.username, action: "session.create", outcome: "ok" });
  const headers = new Headers();
  headers.append("set-cookie", cookie(req, SESSION_COOKIE, token, "/", Math.floor(SESSION_TTL_MS / 1000)));
  // Renewed on every sign-in; a known device keeps its id, and so its counter.
  headers.append("set-cookie", cookie(req, DEVICE_COOKIE, rt.devices.issue(user.username, device), DEVICE_COOKIE_PATH, DEVICE_TTL_S));
  return Response.json({ username: user.username, role: user.role, readOnly: isReadOnly() }, { headers });
});

/** Who am I: 401 when not signed in. */
export const GET = publicRoute(async (req) => {
  const rt = await getRuntime();
  const who = resolvePrincipal(req, rt);
  if (!who) return jsonError(401, "unauthenticated", "not signed in");
  return { username: who.username ?? who.actor, role: who.role, readOnly: isReadOnly() };
});

/** Sign out: forgets the session on the server and clears its cookie; the device cookie stays. */
export const DELETE = publicRoute(async (req) => {
  if (isCrossSite(req)) return jsonError(403, "csrf", "cross-site request refused");
  const rt = await getRuntime();
  const token = cookieValue(req, SESSION_COOKIE);
  if (token) {
    const who = resolvePrincipal(req, rt);
    rt.sessions.revoke(token);
    if (who) rt.audit.append({ actor: who.actor, action: "session.delete", outcome: "ok" });
  }
  return Response.json(
    { ok: true },
    { headers: { "set-cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` } },
  );
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "POST", "DELETE");
export { notAllowed as PUT, notAllowed as PATCH };
