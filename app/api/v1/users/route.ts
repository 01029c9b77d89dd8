import { route } from "@/server/http/route";
import { actionRoute } from "@/server/http/action-route";
import { createUserSchema, requestedGrants } from "@/lib/schemas";
import { allSources, describeGrants } from "@/lib/grants";
import { methodNotAllowed } from "@/server/http/errors";
import { invalid } from "@/server/errors";
import { passwordProblem } from "@/server/auth/password-policy";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async ({ rt }) => ({ items: await rt.users.list() }));

export const POST = actionRoute(
  { action: "user.create", role: "admin", body: createUserSchema, audit: ({ body }) => ({ target: body.username, params: body.grants ? { grants: describeGrants(body.grants) } : { role: body.role } }) },
  async ({ rt, body }) => {
    const problem = passwordProblem(body.password, body.username);
    if (problem) throw invalid(problem);
    // 409 when the name exists in any case ("Ops" beside "ops").
    const user = await rt.users.create(body.username, body.password, requestedGrants(body) ?? allSources("viewer"));
    return { result: Response.json(user, { status: 201 }) };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "POST");
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
