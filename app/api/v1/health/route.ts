import { QUEUEDECK_VERSION } from "@/lib/version";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok", version: QUEUEDECK_VERSION });
}

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
