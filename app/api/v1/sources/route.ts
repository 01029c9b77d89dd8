import { route } from "@/server/http/route";
import { listSources } from "@/server/sources";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async ({ rt }) => ({ items: listSources(rt) }));

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
