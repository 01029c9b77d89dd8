import { route } from "@/server/http/route";
import { methodNotAllowed } from "@/server/http/errors";
import { sourceVisibility } from "@/server/auth/access";

export const dynamic = "force-dynamic";

/** The latest operations, newest first: running ones with live progress, ended and interrupted ones from the store. */
export const GET = route({ role: "viewer" }, async ({ rt, principal }) => {
  const sees = sourceVisibility(rt, principal);
  return { items: (await rt.operations.list(100)).filter((op) => sees(op.source)) };
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
