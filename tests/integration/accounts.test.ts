// Account controls on a real server: names unique ignoring case, disable/enable, role, password
// (admin's and one's own), ending sessions, deleting, the last admin kept, token expiry, idle
// sessions, audit actors that cannot be spoofed, and audit retention.
import Database from "better-sqlite3";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, startServer, type RunningServer } from "../support/server";

const ADMIN_PASSWORD = "admin-password-for-account-tests";
const ENV_TOKEN = "env-admin-token-for-account-tests-0123456789";
const SESSION = "/api/v1/session";

let server: RunningServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer({
    config: { sources: [] },
    // A generous global limit: this file makes many failed sign-ins on purpose.
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QUEUEDECK_ADMIN_TOKEN: ENV_TOKEN, QUEUEDECK_SIGN_IN_FAILURES_PER_MINUTE: "1000" },
  });
  admin = new ApiClient(server.url);
  expect((await admin.post(SESSION, { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
});

async function signedIn(username: string, password: string): Promise<ApiClient> {
  const c = new ApiClient(server.url);
  const r = await c.post(SESSION, { username, password });
  expect(r.status, `${username} signs in`).toBe(200);
  return c;
}

async function lastAudit(action: string): Promise<any> {
  const r = await admin.get(`/api/v1/audit?action=${encodeURIComponent(action)}&limit=1`);
  return r.json.items[0];
}

async function timed(p: Promise<unknown>): Promise<number> {
  const t = Date.now();
  await p;
  return Date.now() - t;
}

describe("usernames", () => {
  it("are unique ignoring case, sign in in any case, and share one failure counter", async () => {
    expect((await admin.post("/api/v1/users", { username: "sec-throwaway", password: "throwaway-pw-2026", role: "viewer" })).status).toBe(201);
    const dup = await admin.post("/api/v1/users", { username: "Sec-Throwaway", password: "throwaway-pw-2026", role: "admin" });
    expect(dup.status).toBe(409);
    expect(dup.json.error.message).toMatch(/already exists.*ignoring case/);
    expect((await admin.get("/api/v1/users")).json.items.filter((u: any) => u.username.toLowerCase() === "sec-throwaway")).toHaveLength(1);
    const upper = await new ApiClient(server.url).post(SESSION, { username: "SEC-THROWAWAY", password: "throwaway-pw-2026" });
    expect(upper.json).toMatchObject({ username: "sec-throwaway", role: "viewer" });

    // Three failures under three spellings: one counter, so the fourth waits 1 s.
    const guesser = new ApiClient(server.url);
    for (const name of ["Sec-Throwaway", "SEC-throwaway", "sec-THROWAWAY"]) {
      expect((await guesser.post(SESSION, { username: name, password: "wrong-guess" })).status).toBe(401);
    }
    expect(await timed(guesser.post(SESSION, { username: "sec-throwaway", password: "wrong-guess" }))).toBeGreaterThanOrEqual(1000);
    // Another user's success from the same client resets nothing: the next wait is 2 s.
    expect((await guesser.post(SESSION, { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
    expect(await timed(guesser.post(SESSION, { username: "Sec-Throwaway", password: "wrong-guess" }))).toBeGreaterThanOrEqual(2000);
  });
});

describe("audit actors", () => {
  it("records an unknown name as a keyed hash, never as typed", async () => {
    const typed = "hunter2-My-Real-Password";
    for (let i = 0; i < 2; i++) expect((await new ApiClient(server.url).post(SESSION, { username: typed, password: "x" })).status).toBe(401);
    const rows = (await admin.get("/api/v1/audit?action=session.create&limit=5")).json.items.filter((e: any) => e.outcome === "denied");
    expect(rows[0]).toMatchObject({ actorKind: "anonymous", error: "wrong username or password" });
    expect(rows[0].actor).toMatch(/^unknown user \(#[0-9a-f]{8}\)$/);
    expect(rows[1].actor).toBe(rows[0].actor);
    const all = JSON.stringify((await admin.get("/api/v1/audit?limit=500")).json);
    expect(all).not.toContain("hunter2");
    // A known user's failure names the user.
    await new ApiClient(server.url).post(SESSION, { username: "ADMIN", password: "not-it" });
    expect(await lastAudit("session.create")).toMatchObject({ actor: "admin", actorKind: "user", actorId: "admin", outcome: "denied" });
  });

  it("a token named QUEUEDECK_ADMIN_TOKEN cannot pass for the built-in one", async () => {
    const created = await admin.post("/api/v1/tokens", { name: "QUEUEDECK_ADMIN_TOKEN", role: "admin" });
    expect(created.status).toBe(201);
    const impostor = new ApiClient(server.url, created.json.token);
    expect((await impostor.post("/api/v1/users", { username: "made-by-token", password: "impostor-pw-2026", role: "viewer" })).status).toBe(201);
    const byToken = await lastAudit("user.create");
    const builtIn = new ApiClient(server.url, ENV_TOKEN);
    expect((await builtIn.post("/api/v1/users", { username: "made-by-env", password: "built-in-pw-2026", role: "viewer" })).status).toBe(201);
    const byEnv = await lastAudit("user.create");
    expect(byToken).toMatchObject({ actor: "token:QUEUEDECK_ADMIN_TOKEN", actorKind: "token", actorId: String(created.json.id), target: "made-by-token" });
    expect(byEnv).toMatchObject({ actor: "token:QUEUEDECK_ADMIN_TOKEN", actorKind: "env-token", actorId: "QUEUEDECK_ADMIN_TOKEN", target: "made-by-env" });
  });
});

describe("account controls", () => {
  it("checks new passwords: length, common ones, the username inside", async () => {
    const tries: [string, RegExp][] = [
      ["short-pw-1", /at least 12/],
      ["Password1234", /common passwords/],
      ["qwertyuiop123", /common passwords/],
      ["my-polly-is-great", /username/],
    ];
    for (const [password, why] of tries) {
      const r = await admin.post("/api/v1/users", { username: "Polly", password, role: "viewer" });
      expect(r.status, password).toBe(400);
      expect(r.json.error.message, password).toMatch(why);
    }
    expect((await admin.get("/api/v1/users")).json.items.some((u: any) => u.username === "Polly")).toBe(false);
  });

  it("disables a user (sessions end, sign-in refused), enables again, changes the role", async () => {
    expect((await admin.post("/api/v1/users", { username: "vera", password: "viewer-password-1", role: "viewer" })).status).toBe(201);
    const vera = await signedIn("vera", "viewer-password-1");
    const off = await admin.request("PATCH", "/api/v1/users/VERA", { disabled: true });
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ username: "vera", disabled: true, sessions: 0 });
    expect((await vera.get(SESSION)).status).toBe(401);
    expect((await new ApiClient(server.url).post(SESSION, { username: "vera", password: "viewer-password-1" })).status).toBe(401);
    expect(await lastAudit("session.create")).toMatchObject({ actor: "vera", outcome: "denied", error: "account disabled" });
    expect(await lastAudit("user.update")).toMatchObject({ actor: "admin", actorKind: "user", target: "VERA", outcome: "ok", params: { disabled: true }, counts: { sessionsEnded: 1 } });

    expect((await admin.request("PATCH", "/api/v1/users/vera", { disabled: false, role: "operator" })).json).toMatchObject({ disabled: false, role: "operator" });
    const again = await signedIn("vera", "viewer-password-1");
    expect((await again.get(SESSION)).json).toMatchObject({ username: "vera", role: "operator" });
    // An operator may not manage accounts; the refusal is audited.
    const denied = await again.request("PATCH", "/api/v1/users/admin", { disabled: true });
    expect(denied.status).toBe(403);
    expect(await lastAudit("user.update")).toMatchObject({ actor: "vera", outcome: "denied", target: "admin", error: "needs admin, has operator" });
  });

  it("sets a password (the user's sessions end) and ends all sessions on request", async () => {
    const a = await signedIn("vera", "viewer-password-1");
    const r = await admin.request("PATCH", "/api/v1/users/vera", { password: "vera-new-password" });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/username/);
    expect((await admin.request("PATCH", "/api/v1/users/vera", { password: "brand-new-secret-77" })).status).toBe(200);
    expect(JSON.stringify(await lastAudit("user.update"))).not.toContain("brand-new-secret-77");
    expect((await a.get(SESSION)).status).toBe(401);
    expect((await new ApiClient(server.url).post(SESSION, { username: "vera", password: "viewer-password-1" })).status).toBe(401);

    const b = await signedIn("vera", "brand-new-secret-77");
    const c = await signedIn("vera", "brand-new-secret-77");
    expect((await admin.get("/api/v1/users")).json.items.find((u: any) => u.username === "vera").sessions).toBe(2);
    const ended = await admin.del("/api/v1/users/vera/sessions");
    expect(ended.json).toEqual({ ended: 2 });
    expect((await b.get(SESSION)).status).toBe(401);
    expect((await c.get(SESSION)).status).toBe(401);
    expect(await lastAudit("user.sessions.revoke")).toMatchObject({ outcome: "ok", target: "vera", counts: { sessionsEnded: 2 } });
  });

  it("one's own password needs the current one; other sessions end, this one stays", async () => {
    const here = await signedIn("vera", "brand-new-secret-77");
    const there = await signedIn("vera", "brand-new-secret-77");
    const wrong = await here.request("PUT", "/api/v1/session/password", { currentPassword: "not-the-password", newPassword: "another-good-one-88" });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toBe("current password is wrong");
    const common = await here.request("PUT", "/api/v1/session/password", { currentPassword: "brand-new-secret-77", newPassword: "password12345" });
    expect(common.json.error.message).toMatch(/common passwords/);
    const ok = await here.request("PUT", "/api/v1/session/password", { currentPassword: "brand-new-secret-77", newPassword: "another-good-one-88" });
    expect(ok.json).toEqual({ ok: true, sessionsEnded: 1 });
    expect((await here.get(SESSION)).status).toBe(200);
    expect((await there.get(SESSION)).status).toBe(401);
    await signedIn("vera", "another-good-one-88");
    expect(await lastAudit("session.password")).toMatchObject({ actor: "vera", outcome: "ok", counts: { sessionsEnded: 1 } });
    // A token has no password to change.
    expect((await new ApiClient(server.url, ENV_TOKEN).request("PUT", "/api/v1/session/password", { currentPassword: "x", newPassword: "another-good-one-99" })).status).toBe(400);
  });

  it("keeps an enabled admin, and nobody removes themselves", async () => {
    for (const [method, body, why] of [
      ["DELETE", undefined, /delete your own/],
      ["PATCH", { disabled: true }, /disable your own/],
      ["PATCH", { role: "viewer" }, /admin role from yourself/],
      ["PATCH", { password: "admin-sets-own-pw-1" }, /session\/password/],
    ] as const) {
      const r = await admin.request(method, "/api/v1/users/admin", body);
      expect(r.status, JSON.stringify(body)).toBe(409);
      expect(r.json.error.message).toMatch(why);
    }
    // The built-in token is nobody: it meets the last-admin rule instead.
    const env = new ApiClient(server.url, ENV_TOKEN);
    const last = await env.request("PATCH", "/api/v1/users/admin", { disabled: true });
    expect(last.status).toBe(409);
    expect(last.json.error.message).toMatch(/"admin" is the last enabled admin/);
    expect(await lastAudit("user.update")).toMatchObject({ actorKind: "env-token", outcome: "failed", target: "admin" });

    expect((await admin.post("/api/v1/users", { username: "root2", password: "second-admin-pw-1", role: "admin" })).status).toBe(201);
    expect((await env.request("PATCH", "/api/v1/users/admin", { role: "operator" })).status).toBe(200);
    expect((await env.request("PATCH", "/api/v1/users/root2", { role: "viewer" })).json.error.message).toMatch(/"root2" is the last enabled admin/);
    expect((await env.request("PATCH", "/api/v1/users/admin", { role: "admin" })).status).toBe(200);
  });

  it("deletes a user: its sessions end, it is gone, a second delete is 404", async () => {
    const v = await signedIn("vera", "another-good-one-88");
    const live = (await admin.get("/api/v1/users")).json.items.find((u: any) => u.username === "vera").sessions;
    expect(live).toBe(3);
    const gone = await admin.del("/api/v1/users/Vera");
    expect(gone.status).toBe(200);
    expect((await v.get(SESSION)).status).toBe(401);
    expect((await admin.get("/api/v1/users")).json.items.some((u: any) => u.username === "vera")).toBe(false);
    expect(await lastAudit("user.delete")).toMatchObject({ actor: "admin", outcome: "ok", target: "Vera", counts: { sessionsEnded: live } });
    const again = await admin.del("/api/v1/users/vera");
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe("not_found");
  });
});

describe("sessions and tokens", () => {
  it("signing in again ends the browser's older session", async () => {
    const c = new ApiClient(server.url);
    const first = await c.post(SESSION, { username: "admin", password: ADMIN_PASSWORD });
    const old = first.headers.getSetCookie().find((x) => x.startsWith("qd_session="))!.split(";")[0]!;
    expect((await c.post(SESSION, { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
    expect((await c.get(SESSION)).status).toBe(200);
    expect((await new ApiClient(server.url).request("GET", SESSION, undefined, { cookie: old })).status).toBe(401);
  });

  it("tokens expire: refused with 401 and listed as expired; bad expiries are 400", async () => {
    const soon = new Date(Date.now() + 2500).toISOString();
    const t = await admin.post("/api/v1/tokens", { name: "short-lived", role: "viewer", expiresAt: soon });
    expect(t.status).toBe(201);
    expect(t.json).toMatchObject({ expiresAt: soon, expired: false });
    const ci = new ApiClient(server.url, t.json.token);
    expect((await ci.get("/api/v1/sources")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await ci.get("/api/v1/sources")).status).toBe(401);
    expect((await admin.get("/api/v1/tokens")).json.items.find((x: any) => x.id === t.json.id)).toMatchObject({ expired: true, expiresAt: soon });

    const month = await admin.post("/api/v1/tokens", { name: "month", role: "viewer", expiresInDays: 30 });
    expect(Math.abs(Date.parse(month.json.expiresAt) - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
    expect((await admin.post("/api/v1/tokens", { name: "past", expiresAt: "2020-01-01T00:00:00Z" })).json.error.message).toMatch(/future/);
    expect((await admin.post("/api/v1/tokens", { name: "both", expiresAt: soon, expiresInDays: 3 })).status).toBe(400);
    expect((await admin.post("/api/v1/tokens", { name: "zero", expiresInDays: 0 })).status).toBe(400);
  });
});

describe("idle sessions and retention", () => {
  it("refuses a session idle too long, and prunes audit rows past retention at start", async () => {
    await server.stop();
    // Rows from two years ago and from yesterday, written into the store while it is stopped.
    const file = path.join(server.dataDir, "queuedeck.sqlite");
    const db = new Database(file);
    const old = new Date(Date.now() - 730 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 86_400_000).toISOString();
    const insert = db.prepare("INSERT INTO audit (at, actor, actor_kind, action, outcome) VALUES (?, 'admin', 'user', ?, 'ok')");
    for (let i = 0; i < 3; i++) insert.run(old, "retention.old");
    insert.run(recent, "retention.recent");
    db.close();

    server = await startServer({
      config: { sources: [] },
      dataDir: server.dataDir,
      env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QUEUEDECK_SESSION_IDLE_MINUTES: "0.05", QUEUEDECK_AUDIT_RETENTION_DAYS: "365" },
    });
    admin = await signedIn("admin", ADMIN_PASSWORD);
    expect((await admin.get("/api/v1/audit?action=retention.old")).json.items).toEqual([]);
    expect((await admin.get("/api/v1/audit?action=retention.recent")).json.items).toHaveLength(1);

    // 0.05 minutes = 3 s without a request ends the session.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await admin.get(SESSION)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3500));
    expect((await admin.get(SESSION)).status).toBe(401);
  }, 90_000);
});
