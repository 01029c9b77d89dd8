import { z } from "zod";
import { actionRoute } from "@/server/http/action-route";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";

export const dynamic = "force-dynamic";

export const POST = actionRoute(
  {
    action: "operation.cancel",
    params: z.object({ id: z.uuid() }),
    audit: async ({ rt, params }) => {
      const op = await rt.operations.get(params.id);
      // What the operation works on, readable ("orders.dlq (vhost /) → original queues"); its id goes in params.
      return { ...(op?.source ? { source: op.source } : {}), target: op?.target ?? params.id, params: { operationId: params.id, ...(op ? { kind: op.kind } : {}) } };
    },
  },
  async ({ rt, params }) => {
    const op = await rt.operations.cancel(params.id);
    if (!op) throw notFound(`operation ${params.id}`);
    return { result: op };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
