import { queueActionRoute } from "@/server/http/job-routes";
import { emptyBodySchema } from "@/lib/bullmq";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

export const POST = queueActionRoute({ action: "queue.resume", op: "pause", body: emptyBodySchema }, (ops, queue) => ops.resume(queue));

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
