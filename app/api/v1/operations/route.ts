import { route } from "@/server/http/route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** The latest operations, newest first: running ones with live progress, ended and interrupted ones from the store. */
export const GET = route({ role: "viewer" }, async ({ rt }) => ({ items: await rt.operations.list(100) }));

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
