// A real OpenID Connect provider for tests: the npm package oidc-provider (v9) on 127.0.0.1,
// with one confidential client and accounts whose claims (e.g. `groups`) the test chooses.
// Its development login form accepts any password for a known login; consent is granted at once
// (loadExistingGrant), as a company's provider does for its own first-party apps.
import http from "node:http";
import { freePort } from "./server";

export interface TestAccount {
  [claim: string]: unknown;
}

export interface RunningProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

export async function startOidcProvider(opts: { redirectUris: string[]; postLogoutRedirectUris: string[]; accounts: Record<string, TestAccount> }): Promise<RunningProvider> {
  // ESM-only and without types: loaded at run time.
  const { default: Provider } = (await import("oidc-provider")) as { default: new (issuer: string, config: unknown) => any };
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "queuedeck-test";
  const clientSecret = `secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], profile: ["preferred_username", "name"], email: ["email"], groups: ["groups"] },
    cookies: { keys: ["queuedeck-test-cookie-key"] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx: unknown, id: string) {
      const account = opts.accounts[id];
      return account && { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    async loadExistingGrant(ctx: any) {
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid profile email groups");
      await grant.save();
      return grant;
    },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
