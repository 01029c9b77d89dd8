import { jsonError } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/**
 * A peek used to be GET here; it requeues messages, so it is POST .../messages/peek now. Every
 * method answers a JSON 405 naming that route, so an old client learns where to go.
 */
function moved(req: Request): Response {
  const peek = `${new URL(req.url).pathname.replace(/\/$/, "")}/peek`;
  return jsonError(405, "method_not_allowed", `${req.method} is not allowed here; peek with POST ${peek} and a JSON body {"limit": 1..100}`, { allow: "" });
}

export { moved as GET, moved as POST, moved as PUT, moved as PATCH, moved as DELETE };
