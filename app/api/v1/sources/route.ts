import { route } from "@/server/http/route";
import { listSources } from "@/server/sources";
import { methodNotAllowed } from "@/server/http/errors";
import { sourceVisibility } from "@/server/auth/access";

export const dynamic = "force-dynamic";

/** The sources the caller may see. */
export const GET = route({ role: "viewer" }, async ({ rt, principal }) => {
  const sees = sourceVisibility(rt, principal);
  return { items: listSources(rt).filter((s) => sees(s.id)) };
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
