import { z } from "zod";
import { publicRoute } from "@/server/http/route";
import { jsonError, methodNotAllowed } from "@/server/http/errors";
import { cookie } from "@/server/http/cookies";
import { getRuntime } from "@/server/runtime";
import { startFlow } from "@/server/auth/oidc";
import { OIDC_FLOW_COOKIE, OIDC_FLOW_PATH, OIDC_FLOW_TTL_S, sealFlow } from "@/server/auth/oidc-flow-cookie";
import { safeNext } from "@/lib/safe-next";
import { errorText } from "@/server/redact";

export const dynamic = "force-dynamic";

const querySchema = z.object({ next: z.string().max(2000).optional() });

/** GET: off to the identity provider (authorization code with PKCE); where to land afterwards in ?next=. */
export const GET = publicRoute(async (req) => {
  const rt = await getRuntime();
  const cfg = rt.config.auth?.oidc;
  if (!cfg) return jsonError(404, "not_found", "single sign-on is not configured");
  const { next } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  let started;
  try {
    started = await startFlow(cfg, safeNext(next ?? null));
  } catch (err) {
    console.error(`[queuedeck] single sign-on: the provider cannot be reached: ${errorText(err, [cfg.clientSecret])}`);
    return redirectTo(new URL("/signin?sso=unavailable", cfg.redirectBaseUrl).toString());
  }
  const res = redirectTo(started.url);
  res.headers.append("set-cookie", cookie(req, OIDC_FLOW_COOKIE, sealFlow(rt, started.flow), OIDC_FLOW_PATH, OIDC_FLOW_TTL_S));
  return res;
});

function redirectTo(url: string): Response {
  return new Response(null, { status: 303, headers: { location: url, "cache-control": "no-store" } });
}

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
