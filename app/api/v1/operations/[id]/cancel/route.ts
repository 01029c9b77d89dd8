import { z } from "zod";
import { route } from "@/server/http/route";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";
import { runAction } from "@/server/actions/run-action";

export const dynamic = "force-dynamic";

export const POST = route({ role: "operator", params: z.object({ id: z.uuid() }) }, async ({ rt, principal, params }) => {
  const op = rt.operations.get(params.id);
  if (!op) throw notFound(`operation ${params.id}`);
  return runAction(rt, principal, { action: "operation.cancel", source: op.source, target: op.id, params: { kind: op.kind } }, async () => ({
    result: rt.operations.cancel(params.id),
  }));
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
