import "server-only";
import * as client from "openid-client";
import type { OidcConfig } from "@/lib/config-schema";

// The identity provider, through openid-client: discovery once per process (again after a
// failure), the authorization URL with PKCE, the code exchange, and the end-session URL.

export const OIDC_CALLBACK_PATH = "/api/v1/session/oidc/callback";

let discovered: { issuer: string; config: Promise<client.Configuration> } | undefined;

/** The provider's metadata and our client, found from the issuer (http only for a local test provider). */
export function providerConfig(cfg: OidcConfig): Promise<client.Configuration> {
  if (discovered?.issuer !== cfg.issuer) {
    const insecure = new URL(cfg.issuer).protocol === "http:";
    const config = client.discovery(new URL(cfg.issuer), cfg.clientId, undefined, client.ClientSecretBasic(cfg.clientSecret), insecure ? { execute: [client.allowInsecureRequests] } : undefined);
    config.catch(() => {
      if (discovered?.config === config) discovered = undefined;
    });
    discovered = { issuer: cfg.issuer, config };
  }
  return discovered.config;
}

export const callbackUrl = (cfg: OidcConfig) => new URL(OIDC_CALLBACK_PATH, cfg.redirectBaseUrl).toString();

export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

/** Where to send the browser, and what to remember (in a signed cookie) until it comes back. */
export async function startFlow(cfg: OidcConfig, next: string): Promise<{ url: string; flow: OidcFlow }> {
  const config = await providerConfig(cfg);
  const verifier = client.randomPKCECodeVerifier();
  const flow = { state: client.randomState(), nonce: client.randomNonce(), verifier, next };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(cfg),
    scope: cfg.scopes.join(" "),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url: url.toString(), flow };
}

/**
 * The code exchanged (PKCE verifier, state and nonce checked by openid-client), then the ID
 * token's claims with the UserInfo endpoint's added: many providers put `groups` only there.
 */
export async function finishFlow(cfg: OidcConfig, callbackSearch: string, flow: OidcFlow): Promise<Record<string, unknown>> {
  const config = await providerConfig(cfg);
  const current = new URL(callbackUrl(cfg));
  current.search = callbackSearch;
  const tokens = await client.authorizationCodeGrant(config, current, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new Error("the provider sent no ID token");
  const info = config.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(config, tokens.access_token, idClaims.sub) : {};
  return { ...info, ...idClaims };
}

/** The provider's sign-out page, coming back to our sign-in page; undefined when it has none. */
export async function endSessionUrl(cfg: OidcConfig): Promise<string | undefined> {
  const config = await providerConfig(cfg);
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(config, { client_id: cfg.clientId, post_logout_redirect_uri: new URL("/signin", cfg.redirectBaseUrl).toString() }).toString();
}
