import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/dto";
import { runAction, type ActionResult } from "@/server/actions/run-action";
import { startOperation, type PreparedOperation } from "@/server/actions/start-operation";
import type { OperationView } from "@/server/actions/operations";
import { route, type RouteContext } from "./route";

// The one rule for every action route of every kind: the route lets any signed-in caller
// through and parses the request; runAction (or startOperation) alone checks read-only mode and
// the role, runs the verb, and writes the audit row: ok, failed or denied alike.

type ActionContext<P, B> = RouteContext<P, Record<string, never>, B>;

/** What the audit row names. Targets are readable (queue and vhost, job, task id), never secrets. */
export interface AuditNames {
  source?: string;
  target?: string;
  params?: Record<string, unknown>;
}

export interface ActionRouteSpec<P, B> {
  /** Audit action name, e.g. "queue.purge". */
  action: string;
  /** Least role allowed; operator by default. */
  role?: Role;
  params?: z.ZodType<P>;
  body?: z.ZodType<B>;
  /** May read the store (async), e.g. to name an operation by what it works on. */
  audit(ctx: ActionContext<P, B>): AuditNames | Promise<AuditNames>;
}

/** An action answered at once: the verb's `result` is the response, its `counts` go in the audit. */
export function actionRoute<P = Record<string, never>, B = undefined, T = unknown>(
  spec: ActionRouteSpec<P, B>,
  verb: (ctx: ActionContext<P, B>) => Promise<ActionResult<T>>,
) {
  return route({ role: "viewer", ...parsing(spec) }, async (ctx) =>
    runAction(ctx.rt, ctx.principal, { action: spec.action, ...(spec.role ? { role: spec.role } : {}), ...(await auditNames(spec, ctx)) }, () => verb(ctx)),
  );
}

export interface OperationRouteSpec<P, B> extends ActionRouteSpec<P, B> {
  /** What the operations list calls it, e.g. "replay". */
  kind(ctx: ActionContext<P, B>): string;
  /** The final report's counts, audited as `<action>.finished`. */
  finalCounts(view: OperationView): Record<string, number>;
}

/** A long action: started (and audited with its total) at once, run in the background. */
export function operationRoute<P = Record<string, never>, B = undefined>(
  spec: OperationRouteSpec<P, B>,
  prepare: (ctx: ActionContext<P, B>) => Promise<PreparedOperation>,
) {
  return route({ role: "viewer", ...parsing(spec) }, async (ctx) => {
    const names = await auditNames(spec, ctx);
    return startOperation(
      ctx.rt,
      ctx.principal,
      {
        action: spec.action,
        kind: spec.kind(ctx),
        source: names.source ?? "",
        target: names.target ?? "",
        params: names.params ?? {},
        ...(spec.role ? { role: spec.role } : {}),
      },
      () => prepare(ctx),
      spec.finalCounts,
    );
  });
}

/** The audit's names; the path's source when the spec names none, so the role is always checked on the source acted on. */
async function auditNames<P, B>(spec: ActionRouteSpec<P, B>, ctx: ActionContext<P, B>): Promise<AuditNames> {
  const names = await spec.audit(ctx);
  const source = (ctx.params as { source?: unknown } | undefined)?.source;
  return names.source === undefined && typeof source === "string" ? { ...names, source } : names;
}

function parsing<P, B>(spec: ActionRouteSpec<P, B>) {
  return { ...(spec.params ? { params: spec.params } : {}), ...(spec.body ? { body: spec.body } : {}) };
}
