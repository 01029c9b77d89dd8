import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/dto";
import { getRuntime, type Runtime } from "@/server/runtime";
import { roleAtLeast } from "@/server/auth/roles";
import { DomainError, forbidden } from "@/server/errors";
import { errorResponse, jsonError } from "./errors";
import { jsonResponse } from "./json-once";
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
      if (!roleAtLeast(principal.role, spec.role)) {
        // Reads above one's role (the user and token lists) are denials too: audited like actions'.
        const { pathname } = new URL(req.url);
        await rt.audit.append({ actor: principal.actor, actorKind: principal.actorKind, actorId: principal.actorId, action: `read ${pathname}`, outcome: "denied", error: `needs ${spec.role}, has ${principal.role}` });
        throw forbidden(`this needs the ${spec.role} role; you are ${principal.role}`);
      }
      const rawParams = ctx?.params ? await ctx.params : {};
      const params = spec.params ? spec.params.parse(rawParams) : (rawParams as P);
      const query = spec.query
        ? spec.query.parse(Object.fromEntries(new URL(req.url).searchParams))
        : ({} as Q);
      const body = spec.body ? spec.body.parse(await readJson(req)) : (undefined as B);
      const result = await handler({ req, rt, principal, params, query, body });
      return result instanceof Response ? result : jsonResponse(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
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
