// Single sign-on against a real OpenID Connect provider (oidc-provider on 127.0.0.1) and a real
// QueueDeck server: authorization code with PKCE driven through the provider's own pages with
// fetch; claims mapped to grants per source; an account the mappings do not cover refused with
// a page that says why, audited; SSO users listed as such and never signing in locally; state
// checked; sign-out through the provider's end-session page; local sign-in turned off.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rabbitAmqpUrl, rabbitManagementUrl } from "../support/brokers";
import { BullFixture } from "../support/bullmq";
import { FetchBrowser, formOf, ssoSignIn } from "../support/oidc-browser";
import { startOidcProvider, type RunningProvider } from "../support/oidc-provider";
import { ApiClient, freePort, startServer, type RunningServer } from "../support/server";

const ADMIN_PASSWORD = "admin-password-for-oidc-tests";
const fx = new BullFixture();
let provider: RunningProvider;
let server: RunningServer;
let admin: ApiClient;
let base: string;
const seen: string[] = [];

function oidcConfig(port: number, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    oidc: {
      name: "Test IdP",
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: "${QD_OIDC_SECRET}",
      scopes: ["openid", "profile", "email", "groups"],
      redirectBaseUrl: `http://127.0.0.1:${port}`,
      mappings: [
        { claim: "groups", value: "sre", role: "operator", sources: ["rabbit-*"] },
        { claim: "groups", value: "sre", role: "viewer", sources: "*" },
      ],
    },
  };
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    redirectUris: [`${base}/api/v1/session/oidc/callback`],
    postLogoutRedirectUris: [`${base}/signin`],
    accounts: {
      alice: { preferred_username: "alice", email: "alice@example.com", groups: ["sre", "staff"] },
      bob: { preferred_username: "bob", email: "bob@example.com", groups: ["devs"] },
      admin: { preferred_username: "admin", groups: ["sre"] },
    },
  });
  server = await startServer({
    port,
    config: {
      sources: [
        { id: "rabbit-main", kind: "rabbitmq", name: "RabbitMQ", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() },
        { id: "jobs", kind: "bullmq", name: "BullMQ", redisUrl: fx.url, prefix: fx.prefix },
      ],
      auth: oidcConfig(port),
    },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QD_OIDC_SECRET: provider.clientSecret },
  });
  admin = new ApiClient(server.url);
  expect((await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
  await provider?.stop();
  await fx.cleanup();
  for (const body of seen) expect(body).not.toContain(provider.clientSecret);
  expect(server?.output() ?? "").not.toContain(provider.clientSecret);
});

async function session(browser: FetchBrowser) {
  const r = await browser.go(`${base}/api/v1/session`);
  const body = await r.text();
  seen.push(body);
  return { status: r.status, json: JSON.parse(body) };
}

async function lastAudit(action: string) {
  const r = await admin.get(`/api/v1/audit?action=${encodeURIComponent(action)}&limit=1`);
  seen.push(JSON.stringify(r.json));
  return r.json.items[0];
}

describe("single sign-on", () => {
  it("offers the provider on the sign-in page, without its secret", async () => {
    const html = await (await fetch(`${base}/signin`)).text();
    seen.push(html);
    expect(html).toContain("Sign in with <!-- -->Test IdP");
    expect(html).toContain("/api/v1/session/oidc/start");
  });

  it("signs alice in with PKCE: the flow cookie is httpOnly and scoped, she lands where she started, with the mapped roles", async () => {
    const browser = new FetchBrowser();
    const start = await browser.go(`${base}/api/v1/session/oidc/start?next=${encodeURIComponent("/sources/rabbit-main")}`);
    expect(start.status).toBe(303);
    const auth = new URL(start.headers.get("location")!);
    expect(auth.origin).toBe(provider.issuer);
    expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
    expect(auth.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get("state")).toBeTruthy();
    expect(auth.searchParams.get("nonce")).toBeTruthy();
    expect(auth.toString()).not.toContain(provider.clientSecret);
    const flowCookie = start.headers.getSetCookie().find((c) => c.startsWith("qd_oidc="))!;
    expect(flowCookie).toMatch(/HttpOnly/);
    expect(flowCookie).toMatch(/Path=\/api\/v1\/session\/oidc/);
    expect(flowCookie).toMatch(/SameSite=Lax/);

    const { landed, callback } = await ssoSignIn(browser, base, "alice", "/sources/rabbit-main");
    expect(callback.status).toBe(303);
    expect(landed).toBe(`${base}/sources/rabbit-main`);
    expect(callback.headers.getSetCookie().some((c) => c.startsWith("qd_session=") && /HttpOnly/.test(c))).toBe(true);
    const me = await session(browser);
    expect(me.json).toMatchObject({ username: "alice", role: "viewer", sources: { "rabbit-main": "operator", jobs: "viewer" } });
    expect(me.json.grants).toEqual([
      { role: "operator", sources: ["rabbit-*"] },
      { role: "viewer", sources: "*" },
    ]);
    // Her roles hold on the server: an action on jobs is refused, the admin pages too.
    const pause = await browser.go(`${base}/api/v1/sources/jobs/queues/${encodeURIComponent("bm90LWEtcXVldWU")}/pause`, { method: "POST", headers: { origin: base } });
    expect(pause.status).toBe(403);
    expect((await browser.go(`${base}/api/v1/users`)).status).toBe(403);
    expect(await lastAudit("session.create")).toMatchObject({ actor: "alice", actorKind: "user", outcome: "ok", params: { via: "oidc", grants: "operator on rabbit-*; viewer on *" } });
  });

  it("lists alice as an SSO user who cannot sign in with a password nor be given one", async () => {
    const users = (await admin.get("/api/v1/users")).json.items as any[];
    expect(users.find((u) => u.username === "alice")).toMatchObject({ external: "oidc", role: "viewer", disabled: false });
    expect((await new ApiClient(server.url).post("/api/v1/session", { username: "alice", password: "external:oidc" })).status).toBe(401);
    const set = await admin.request("PATCH", "/api/v1/users/alice", { password: "a-new-password-2026" });
    expect(set.status).toBe(409);
    expect(set.json.error.message).toMatch(/single sign-on/);
  });

  it("refuses bob, whose groups map to nothing: no session, a page that says why, an audit row", async () => {
    const browser = new FetchBrowser();
    const { landed } = await ssoSignIn(browser, base, "bob");
    expect(landed).toBe(`${base}/signin?sso=no_access`);
    expect(browser.cookies.has("qd_session")).toBe(false);
    expect((await session(browser)).status).toBe(401);
    const page = await (await fetch(landed)).text();
    expect(page).toContain("none of your groups or roles gives access to QueueDeck");
    expect(await lastAudit("session.create")).toMatchObject({ actor: "bob", outcome: "denied", error: "no mapping of the provider's claims grants access" });
    expect(((await admin.get("/api/v1/users")).json.items as any[]).some((u) => u.username === "bob")).toBe(false);
  });

  it("refuses a provider account named like a local user, and a callback whose state or cookie does not match", async () => {
    expect((await ssoSignIn(new FetchBrowser(), base, "admin")).landed).toBe(`${base}/signin?sso=local_account`);
    expect(await lastAudit("session.create")).toMatchObject({ actor: "admin", outcome: "denied", error: "a local account has this name" });

    const browser = new FetchBrowser();
    const start = await browser.go(`${base}/api/v1/session/oidc/start`);
    const auth = new URL(start.headers.get("location")!);
    const forged = await browser.go(`${base}/api/v1/session/oidc/callback?code=abc&state=not-${auth.searchParams.get("state")}&iss=${encodeURIComponent(provider.issuer)}`);
    expect(forged.headers.get("location")).toBe(`${base}/signin?sso=failed`);
    expect(await lastAudit("session.create")).toMatchObject({ actorKind: "anonymous", outcome: "denied", error: expect.stringMatching(/invalid response/) });
    const noCookie = await fetch(`${base}/api/v1/session/oidc/callback?code=abc&state=x`, { redirect: "manual" });
    expect(noCookie.headers.get("location")).toBe(`${base}/signin?sso=expired`);
  });

  it("signs out: the local session ends, then the provider's end-session page sends the browser back to sign-in", async () => {
    const browser = new FetchBrowser();
    await ssoSignIn(browser, base, "alice");
    expect((await session(browser)).json.username).toBe("alice");
    const out = await browser.go(`${base}/api/v1/session`, { method: "DELETE", headers: { origin: base } });
    const body = await out.json();
    seen.push(JSON.stringify(body));
    expect(body.ok).toBe(true);
    const end = new URL(body.endSessionUrl);
    expect(end.origin).toBe(provider.issuer);
    expect(end.searchParams.get("post_logout_redirect_uri")).toBe(`${base}/signin`);
    expect((await session(browser)).status).toBe(401);
    const confirm = await browser.follow(end.toString());
    const form = formOf(await confirm.res.text(), confirm.url);
    const back = await browser.follow(form.action, (loc) => loc.startsWith(base), { form: { ...form.fields, logout: "yes" } });
    expect(back.url).toBe(`${base}/signin`);
    // A local user's sign-out stays local.
    const local = new ApiClient(server.url);
    await local.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD });
    expect((await local.del("/api/v1/session")).json).toEqual({ ok: true });
  });
});

describe("local sign-in turned off", () => {
  it("refuses passwords, even the admin's, and shows only single sign-on", async () => {
    const port = await freePort();
    const only = await startServer({ port, config: { sources: [], auth: oidcConfig(port, { localSignIn: false }) }, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QD_OIDC_SECRET: provider.clientSecret } });
    try {
      const r = await new ApiClient(only.url).post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD });
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe("local_sign_in_off");
      const html = await (await fetch(`${only.url}/signin`)).text();
      expect(html).toContain("Sign in with <!-- -->Test IdP");
      expect(html).not.toContain('type="password"');
    } finally {
      await only.stop();
    }
  });
});
