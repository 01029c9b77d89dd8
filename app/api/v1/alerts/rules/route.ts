import { route } from "@/server/http/route";
import { actionRoute } from "@/server/http/action-route";
import { methodNotAllowed } from "@/server/http/errors";
import { sourceVisibility } from "@/server/auth/access";
import { alertRuleInputSchema } from "@/lib/alerts";
import { checkRule, ruleParams } from "@/server/alerts/validate";

export const dynamic = "force-dynamic";

/** Rules on every source ("*") and on the sources the caller may see. */
export const GET = route({ role: "viewer" }, async ({ rt, principal }) => {
  const sees = sourceVisibility(rt, principal);
  return { items: (await rt.alerts.store.listRules()).filter((r) => r.source === "*" || sees(r.source)) };
});

export const POST = actionRoute(
  {
    action: "alert.rule.create",
    role: "admin",
    body: alertRuleInputSchema,
    audit: ({ body }) => ({ target: body.name, params: ruleParams(body) }),
  },
  async ({ rt, body }) => {
    await checkRule(rt, body);
    const rule = await rt.alerts.store.createRule(body);
    await rt.alerts.reload();
    return { result: Response.json(rule, { status: 201 }), params: { id: rule.id } };
  },
);

const notAllowed = methodNotAllowed("GET", "POST");
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
