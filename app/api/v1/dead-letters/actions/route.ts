import { route } from "@/server/http/route";
import { inboxActionSchema } from "@/lib/dead-letters";
import { methodNotAllowed } from "@/server/http/errors";
import { planInboxAction, startInboxAction } from "@/server/dead-letters/actions";

export const dynamic = "force-dynamic";

/**
 * Replay or retry one reason group of a dead-letter inbox row with its source's own loss-free
 * path: `{source, id, signature, dryRun?}`. A dry run says what would move (a read); otherwise
 * the operation starts (`{operationId, total, note}`), authorized (operator) and audited.
 */
export const POST = route({ role: "viewer", body: inboxActionSchema }, async ({ rt, principal, body }) =>
  body.dryRun ? planInboxAction(rt, body) : startInboxAction(rt, principal, body),
);

const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
