import { route } from "@/server/http/route";
import { actionRoute } from "@/server/http/action-route";
import { createUserSchema } from "@/lib/schemas";
import { methodNotAllowed } from "@/server/http/errors";
import { conflict } from "@/server/errors";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async ({ rt }) => ({ items: rt.users.list() }));

export const POST = actionRoute(
  { action: "user.create", role: "admin", body: createUserSchema, audit: ({ body }) => ({ target: body.username, params: { role: body.role } }) },
  async ({ rt, body }) => {
    if (rt.users.exists(body.username)) throw conflict(`user "${body.username}" already exists`);
    const user = await rt.users.create(body.username, body.password, body.role);
    return { result: Response.json(user, { status: 201 }) };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET", "POST");
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
