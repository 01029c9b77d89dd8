import "server-only";
import crypto from "node:crypto";
import type { UserSummary } from "@/lib/dto";
import type { Runtime } from "@/server/runtime";
import { ADDRESS_RULE, globalRule, USER_RULE, type Rule } from "./throttle";
import { unknownUserActor, userActor } from "./actor";
import { usernameKey } from "./username";

interface Limit {
  key: string;
  rule: Rule;
}

/**
 * The client's address, only behind a proxy the operator names (QUEUEDECK_TRUST_PROXY=1), and
 * then the last X-Forwarded-For entry, the one that proxy appended: a client could otherwise
 * send a new value with every guess. Next.js route handlers do not see the socket's address.
 */
export function clientAddress(req: Request): string | undefined {
  if (process.env.QUEUEDECK_TRUST_PROXY !== "1") return undefined;
  return req.headers.get("x-forwarded-for")?.split(",").pop()?.trim() || undefined;
}

/** Typed names are hashed before they become keys: a password typed as a name is not stored. */
const nameHash = (name: string) => crypto.createHash("sha256").update(usernameKey(name)).digest("base64url").slice(0, 32);

/**
 * Which counters an attempt is checked against. A browser holding a valid device cookie for
 * this user is counted on its own and is never held back by the address or global limits:
 * however hard others spray, a user signs in from a browser that signed in before. Without one,
 * the attempt counts for the name (and address, behind a proxy), the address and everyone.
 */
export function signInLimits(req: Request, username: string, device: string | undefined, failuresPerMinute: number): { own: Limit; shared: Limit[] } {
  if (device) return { own: { key: `device:${device}`, rule: USER_RULE }, shared: [] };
  const ip = clientAddress(req);
  const own = { key: `user:${nameHash(username)}${ip ? `|${ip}` : ""}`, rule: USER_RULE };
  const shared = [...(ip ? [{ key: `addr:${ip}`, rule: ADDRESS_RULE }] : []), { key: "global", rule: globalRule(failuresPerMinute) }];
  return { own, shared };
}

export type SignInOutcome = { ok: true; user: UserSummary } | { ok: false; status: 401 } | { ok: false; status: 429; retryAfterS: number };

/** One sign-in attempt, limited and audited; the route only turns the outcome into a response. */
export async function attemptSignIn(
  rt: Runtime,
  req: Request,
  creds: { username: string; password: string },
  device: string | undefined,
): Promise<SignInOutcome> {
  const { own, shared } = signInLimits(req, creds.username, device, rt.accountSettings.signInFailuresPerMinute);
  const { refusedForMs, delayMs } = await rt.throttle.check([own, ...shared]);
  if (refusedForMs > 0) return { ok: false, status: 429, retryAfterS: Math.ceil(refusedForMs / 1000) };
  // Counted before the (async) password check, so parallel guesses cannot all pass as "first".
  await rt.throttle.fail(own.key, own.rule);
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  const user = await rt.users.verify(creds.username, creds.password);
  if (!user || user.disabled) {
    for (const l of shared) await rt.throttle.fail(l.key, l.rule);
    const known = user ?? (await rt.users.find(creds.username));
    const actor = known ? userActor(known.username, usernameKey(known.username)) : unknownUserActor(creds.username, rt.auditNameKey);
    const error = user?.disabled ? "account disabled" : "wrong username or password";
    await rt.audit.append({ ...actor, action: "session.create", outcome: "denied", error });
    return { ok: false, status: 401 };
  }
  // Only the counter this attempt was counted under: never another name's, the address or the global one.
  await rt.throttle.succeed(own.key);
  await rt.audit.append({ ...userActor(user.username, usernameKey(user.username)), action: "session.create", outcome: "ok" });
  return { ok: true, user };
}
