import { actionRoute } from "@/server/http/action-route";
import { requestedGrants, updateUserSchema, userParamsSchema } from "@/lib/schemas";
import { describeGrants } from "@/lib/grants";
import { methodNotAllowed } from "@/server/http/errors";
import { conflict, invalid, notFound } from "@/server/errors";
import { accountChangeRefusal, type AccountChange } from "@/server/auth/account-rules";
import { passwordProblem } from "@/server/auth/password-policy";
import type { Runtime } from "@/server/runtime";
import type { Principal } from "@/server/auth/principal";

export const dynamic = "force-dynamic";

/** The account named in the path, after the rules that keep an enabled admin and protect the caller. */
async function allowed(rt: Runtime, who: Principal, name: string, change: AccountChange) {
  const user = await rt.users.find(name);
  if (!user) throw notFound(`user "${name}"`);
  const refusal = accountChangeRefusal(user, change, who.username, await rt.users.otherEnabledAdmins(user.username));
  if (refusal) throw conflict(refusal);
  return user;
}

/** Grants (or a role on every source), enabled/disabled, or a new password (which ends the user's sessions). */
export const PATCH = actionRoute(
  {
    action: "user.update",
    role: "admin",
    params: userParamsSchema,
    body: updateUserSchema,
    // Which fields changed; the password itself never.
    audit: ({ params, body }) => ({
      target: params.username,
      params: { ...(body.role ? { role: body.role } : {}), ...(body.grants ? { grants: describeGrants(body.grants) } : {}), ...(body.disabled !== undefined ? { disabled: body.disabled } : {}), ...(body.password ? { password: "changed" } : {}) },
    }),
  },
  async ({ rt, principal, params, body }) => {
    const change = { grants: requestedGrants(body), disabled: body.disabled, password: body.password !== undefined };
    const user = await allowed(rt, principal, params.username, change);
    if (body.password !== undefined) {
      if (user.external) throw conflict(`"${user.username}" signs in with single sign-on and has no password here`);
      const problem = passwordProblem(body.password, user.username);
      if (problem) throw invalid(problem);
      await rt.users.setPassword(user.username, body.password);
    }
    // Checked again after the await: the rules hold on the state being written.
    const fresh = await allowed(rt, principal, user.username, { ...change, password: false });
    if (change.grants) await rt.users.setGrants(fresh.username, change.grants);
    if (body.disabled !== undefined) await rt.users.setDisabled(fresh.username, body.disabled);
    const ended = body.disabled || body.password !== undefined ? await rt.sessions.revokeUser(fresh.username) : 0;
    return { result: await rt.users.find(fresh.username), counts: { sessionsEnded: ended } };
  },
);

/** Deletes the account; its sessions go with it. Its audit rows stay. */
export const DELETE = actionRoute(
  { action: "user.delete", role: "admin", params: userParamsSchema, audit: ({ params }) => ({ target: params.username }) },
  async ({ rt, principal, params }) => {
    const user = await allowed(rt, principal, params.username, { delete: true });
    const ended = await rt.sessions.revokeUser(user.username);
    await rt.users.delete(user.username);
    return { result: { ok: true }, counts: { sessionsEnded: ended } };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("PATCH", "DELETE");
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT };
