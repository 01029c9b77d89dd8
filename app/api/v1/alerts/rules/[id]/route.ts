import { route } from "@/server/http/route";
import { actionRoute } from "@/server/http/action-route";
import { methodNotAllowed } from "@/server/http/errors";
import { notFound } from "@/server/errors";
import { alertIdParams, alertRuleInputSchema } from "@/lib/alerts";
import { checkRule, ruleParams } from "@/server/alerts/validate";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: alertIdParams }, async ({ rt, params }) => {
  const rule = await rt.alerts.store.getRule(params.id);
  if (!rule) throw notFound(`alert rule ${params.id}`);
  return rule;
});

/** Replaces the rule; a changed condition starts its alerts over (firing ones end without a message). */
export const PUT = actionRoute(
  {
    action: "alert.rule.update",
    role: "admin",
    params: alertIdParams,
    body: alertRuleInputSchema,
    audit: ({ params, body }) => ({ target: body.name, params: { id: params.id, ...ruleParams(body) } }),
  },
  async ({ rt, params, body }) => {
    await checkRule(rt, body);
    const rule = await rt.alerts.store.updateRule(params.id, body);
    if (!rule) throw notFound(`alert rule ${params.id}`);
    await rt.alerts.reload();
    return { result: rule };
  },
);

export const DELETE = actionRoute(
  {
    action: "alert.rule.delete",
    role: "admin",
    params: alertIdParams,
    audit: async ({ rt, params }) => ({ target: (await rt.alerts.store.getRule(params.id))?.name ?? String(params.id), params: { id: params.id } }),
  },
  async ({ rt, params }) => {
    if (!(await rt.alerts.store.deleteRule(params.id))) throw notFound(`alert rule ${params.id}`);
    await rt.alerts.reload();
    return { result: { ok: true } };
  },
);

const notAllowed = methodNotAllowed("GET", "PUT", "DELETE");
export { notAllowed as POST, notAllowed as PATCH };
