import { route } from "@/server/http/route";
import { queueParamsSchema } from "@/lib/schemas";
import { opsOf } from "@/server/http/source-route";
import { runAction } from "@/server/actions/run-action";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** Deletes every ready message; the broker's count goes in the answer and the audit. */
export const POST = route({ role: "operator", params: queueParamsSchema }, async ({ rt, principal, params }) => {
  const ops = opsOf(rt, params.source, "purge");
  return runAction(rt, principal, { action: "queue.purge", source: params.source, target: params.queue }, async () => {
    const result = await ops.purge(params.queue);
    return { result, counts: { purged: result.purged } };
  });
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
