import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/dto";
import { getRuntime, type Runtime } from "@/server/runtime";
import { roleAtLeast } from "@/server/auth/roles";
import { DomainError, forbidden, notFound } from "@/server/errors";
import { roleOnAll, roleOnSource } from "@/server/auth/access";
import { errorResponse, jsonError } from "./errors";
import { jsonResponse } from "./json-once";
import { GZIP_BODY, GZIP_BODY_HEADER } from "@/lib/gzip-body";
import { resolvePrincipal, type Principal } from "@/server/auth/principal";
import { isCrossSite } from "./cross-site";
import { hasBody, isJsonType, readBodyText } from "./body";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface RouteContext<P, Q, B> {
  req: Request;
  rt: Runtime;
  principal: Principal;
  params: P;
  query: Q;
  body: B;
}

interface RouteSpec<P, Q, B> {
  /**
   * Least role that may call this: for reads. Actions use actionRoute (action-route.ts), which
   * passes "viewer" so runAction alone decides and audits who may act.
   */
  role: Role;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
}

type Handler<P, Q, B> = (ctx: RouteContext<P, Q, B>) => Promise<unknown>;
type NextHandler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Thin handlers: parse -> authenticate -> authorize -> one verb -> one error mapper. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: Handler<P, Q, B>,
): NextHandler {
  return async (req, ctx) => {
    try {
      const rt = await getRuntime();
      const principal = await resolvePrincipal(req, rt);
      if (!principal) return jsonError(401, "unauthenticated", "sign in or send an API token");
      if (principal.via === "session" && WRITE_METHODS.has(req.method) && isCrossSite(req)) {
        return jsonError(403, "csrf", "cross-site request refused");
      }
      const rawParams = ctx?.params ? await ctx.params : {};
      await authorizeRead(req, rt, principal, spec.role, sourceOf(rawParams));
      const params = spec.params ? spec.params.parse(rawParams) : (rawParams as P);
      const query = spec.query
        ? spec.query.parse(Object.fromEntries(new URL(req.url).searchParams))
        : ({} as Q);
      const body = spec.body ? spec.body.parse(await readJson(req)) : (undefined as B);
      const result = await handler({ req, rt, principal, params, query, body });
      return result instanceof Response ? result : await jsonResponse(result, req.headers.get(GZIP_BODY_HEADER) === GZIP_BODY);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** The source a route is about (its `source` path parameter), if any. */
function sourceOf(params: unknown): string | undefined {
  const source = (params as { source?: unknown } | undefined)?.source;
  return typeof source === "string" ? source : undefined;
}

/**
 * Routes about one source need a grant on it: none is a 404, as for a source that does not
 * exist, so names do not leak; too low a role is a 403. Other routes need `role` on every
 * source, except viewer routes (lists), which filter what they return to what the caller may see.
 * Every denial is audited, reads too.
 */
async function authorizeRead(req: Request, rt: Runtime, principal: Principal, need: Role, source: string | undefined): Promise<void> {
  const have = source !== undefined ? roleOnSource(rt, principal, source) : need === "viewer" ? need : roleOnAll(principal);
  if (roleAtLeast(have, need)) return;
  const { pathname } = new URL(req.url);
  const error = source !== undefined && !have ? "no grant on this source" : `needs ${need}, has ${have ?? "none"}`;
  // A made-up id in the path is kept short in the audit.
  const auditSource = source?.slice(0, 63);
  await rt.audit.append({ actor: principal.actor, actorKind: principal.actorKind, actorId: principal.actorId, action: `${req.method === "GET" ? "read" : req.method} ${pathname}`, ...(auditSource ? { source: auditSource } : {}), outcome: "denied", error });
  if (source !== undefined && !have) throw notFound(`source "${source}"`);
  throw forbidden(`this needs the ${need} role${source !== undefined ? ` on ${source}` : " on every source"}; you are ${have ?? "not granted it"}`);
}

/** Public routes (health, sign-in) share the error mapping but skip authentication. */
export function publicRoute(handler: (req: Request) => Promise<unknown>): (req: Request) => Promise<Response> {
  return async (req) => {
    try {
      const result = await handler(req);
      return result instanceof Response ? result : Response.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * The body as JSON. It must be declared as JSON: text/plain is what a cross-site form may send
 * without a preflight, so it is refused (415) rather than parsed. An empty body is `{}`.
 */
export async function readJson(req: Request): Promise<unknown> {
  if (hasBody(req) && !isJsonType(req.headers.get("content-type"))) {
    throw new DomainError("media_type", "send the body as JSON with Content-Type: application/json");
  }
  const text = await readBodyText(req);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("malformed", "request body is not valid JSON");
  }
}
