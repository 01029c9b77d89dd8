import { actionRoute } from "@/server/http/action-route";
import { changePasswordSchema } from "@/lib/schemas";
import { methodNotAllowed } from "@/server/http/errors";
import { DomainError, invalid } from "@/server/errors";
import { cookieValue } from "@/server/auth/principal";
import { SESSION_COOKIE } from "@/server/auth/sessions";
import { passwordProblem } from "@/server/auth/password-policy";
import { USER_RULE } from "@/server/auth/throttle";
import { usernameKey } from "@/server/auth/username";

export const dynamic = "force-dynamic";

/**
 * Changes the signed-in user's own password; needs the current one, whose wrong guesses are
 * limited like sign-ins. The user's other sessions end; this one stays.
 */
export const PUT = actionRoute(
  { action: "session.password", role: "viewer", body: changePasswordSchema, audit: ({ principal }) => ({ target: principal.username ?? principal.actor }) },
  async ({ rt, req, principal, body }) => {
    if (!principal.username) throw invalid("API tokens have no password; sign in as the user");
    if ((await rt.users.find(principal.username))?.external) throw invalid("you sign in with single sign-on: change your password at your identity provider");
    const key = `password:${usernameKey(principal.username)}`;
    const { refusedForMs } = await rt.throttle.check([{ key, rule: USER_RULE }]);
    if (refusedForMs > 0) throw new DomainError("rate_limited", `too many wrong passwords; try again in ${Math.ceil(refusedForMs / 1000)} s`);
    await rt.throttle.fail(key, USER_RULE);
    if (!(await rt.users.verify(principal.username, body.currentPassword))) throw invalid("current password is wrong");
    await rt.throttle.succeed(key);
    const problem = passwordProblem(body.newPassword, principal.username);
    if (problem) throw invalid(problem);
    if (body.newPassword === body.currentPassword) throw invalid("the new password is the current one");
    await rt.users.setPassword(principal.username, body.newPassword);
    const ended = await rt.sessions.revokeUser(principal.username, cookieValue(req, SESSION_COOKIE));
    return { result: { ok: true, sessionsEnded: ended }, counts: { sessionsEnded: ended } };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("PUT");
export { notAllowed as GET, notAllowed as POST, notAllowed as PATCH, notAllowed as DELETE };
