import { z } from "zod";
import { route } from "@/server/http/route";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";
import { sourceVisibility } from "@/server/auth/access";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: z.object({ id: z.uuid() }) }, async ({ rt, principal, params }) => {
  const op = await rt.operations.get(params.id);
  if (!op || !sourceVisibility(rt, principal)(op.source)) throw notFound(`operation ${params.id}`);
  return op;
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
