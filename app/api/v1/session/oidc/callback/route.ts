import { publicRoute } from "@/server/http/route";
import { jsonError, methodNotAllowed } from "@/server/http/errors";
import { clearCookie, cookie } from "@/server/http/cookies";
import { getRuntime } from "@/server/runtime";
import { cookieValue } from "@/server/auth/principal";
import { finishFlow } from "@/server/auth/oidc";
import { OIDC_FLOW_COOKIE, OIDC_FLOW_PATH, unsealFlow } from "@/server/auth/oidc-flow-cookie";
import { ssoSignIn } from "@/server/auth/sso-sign-in";
import { SESSION_COOKIE, SESSION_TTL_MS } from "@/server/auth/sessions";
import { errorText } from "@/server/redact";

export const dynamic = "force-dynamic";

/**
 * GET: the provider sends the browser back here with a code. The signed flow cookie must match
 * (state, nonce, PKCE verifier; openid-client checks them), the claims must map to grants, and
 * then the browser gets a normal session. Every refusal lands on the sign-in page, which says why.
 */
export const GET = publicRoute(async (req) => {
  const rt = await getRuntime();
  const cfg = rt.config.auth?.oidc;
  if (!cfg) return jsonError(404, "not_found", "single sign-on is not configured");
  const back = (path: string, extra: string[] = []) => {
    const headers = new Headers({ location: new URL(path, cfg.redirectBaseUrl).toString(), "cache-control": "no-store" });
    headers.append("set-cookie", clearCookie(OIDC_FLOW_COOKIE, OIDC_FLOW_PATH));
    for (const c of extra) headers.append("set-cookie", c);
    return new Response(null, { status: 303, headers });
  };
  const flow = unsealFlow(rt, cookieValue(req, OIDC_FLOW_COOKIE));
  if (!flow) return back("/signin?sso=expired");
  let claims: Record<string, unknown>;
  try {
    claims = await finishFlow(cfg, new URL(req.url).search, flow);
  } catch (err) {
    // The provider's error (access_denied...) or a failed check: audited without any token.
    await rt.audit.append({ actor: "unknown SSO user", actorKind: "anonymous", actorId: "oidc", action: "session.create", params: { via: "oidc" }, outcome: "denied", error: whyFailed(err, cfg.clientSecret) });
    return back("/signin?sso=failed");
  }
  const outcome = await ssoSignIn(rt, cfg, claims);
  if (!outcome.ok) return back(`/signin?sso=${outcome.reason}`);
  const previous = cookieValue(req, SESSION_COOKIE);
  if (previous) await rt.sessions.revoke(previous);
  const { token } = await rt.sessions.create(outcome.user.username);
  return back(flow.next, [cookie(req, SESSION_COOKIE, token, "/", Math.floor(SESSION_TTL_MS / 1000))]);
});

/** openid-client's message and the check under it (e.g. the state that did not match), secrets removed. */
function whyFailed(err: unknown, secret: string): string {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${errorText(err.cause, [secret])}` : "";
  return `${errorText(err, [secret])}${cause}`.slice(0, 300);
}

const notAllowed = methodNotAllowed("GET");
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
