import { route } from "@/server/http/route";
import { actionRoute } from "@/server/http/action-route";
import { methodNotAllowed } from "@/server/http/errors";
import { webhookInputSchema } from "@/lib/alerts";
import { shownUrl } from "@/server/alerts/store";

export const dynamic = "force-dynamic";

/** Secrets are never listed ("set"), and URLs only up to their first path segment. */
export const GET = route({ role: "admin" }, async ({ rt }) => ({ items: await rt.alerts.store.listWebhooks() }));

export const POST = actionRoute(
  {
    action: "alert.webhook.create",
    role: "admin",
    body: webhookInputSchema,
    audit: ({ body }) => ({ target: body.name, params: { url: shownUrl(body.url), format: body.format } }),
  },
  async ({ rt, body }) => {
    const hook = await rt.alerts.store.createWebhook(body);
    return { result: Response.json(hook, { status: 201 }), params: { id: hook.id } };
  },
);

const notAllowed = methodNotAllowed("GET", "POST");
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
