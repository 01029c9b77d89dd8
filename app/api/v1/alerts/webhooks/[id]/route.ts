import { actionRoute } from "@/server/http/action-route";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";
import { alertIdParams } from "@/lib/alerts";

export const dynamic = "force-dynamic";

/** Deletes the webhook and takes it off every rule that named it. */
export const DELETE = actionRoute(
  {
    action: "alert.webhook.delete",
    role: "admin",
    params: alertIdParams,
    audit: ({ params }) => ({ target: String(params.id) }),
  },
  async ({ rt, params }) => {
    const gone = await rt.alerts.store.deleteWebhook(params.id);
    if (!gone) throw notFound(`webhook ${params.id}`);
    await rt.alerts.reload();
    return { result: { ok: true }, params: { name: gone.name } };
  },
);

const notAllowed = methodNotAllowed("DELETE");
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
