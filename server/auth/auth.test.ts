import { describe, expect, it } from "vitest";
import { openDb } from "@/server/store/db";
import { hashPassword, verifyPassword } from "./password";
import { ADDRESS_RULE, afterFailure, globalRule, SignInThrottle, USER_RULE, verdict } from "./throttle";
import { UserStore } from "./users";
import { TokenStore } from "./tokens";
import { SessionStore } from "./sessions";
import { roleAtLeast } from "./roles";

describe("passwords", () => {
  it("verifies the right password only, and never stores it in clear", async () => {
    const h = await hashPassword("correct horse");
    expect(h).not.toContain("correct horse");
    expect(await verifyPassword("correct horse", h)).toBe(true);
    expect(await verifyPassword("wrong", h)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });
});

describe("users and tokens", () => {
  it("signs in known users with their role, by name in any case", async () => {
    const users = new UserStore(openDb(":memory:"));
    await users.create("Ops", "0123456789ab", "operator");
    expect(await users.verify("ops", "0123456789ab")).toMatchObject({ username: "Ops", role: "operator", disabled: false });
    expect(await users.verify("OPS", "0123456789ab")).toMatchObject({ username: "Ops" });
    expect(await users.verify("ops", "nope")).toBeUndefined();
    expect(await users.verify("ghost", "0123456789ab")).toBeUndefined();
  });
  it("refuses a second name that differs only by case", async () => {
    const users = new UserStore(openDb(":memory:"));
    await users.create("sec-throwaway", "0123456789ab", "viewer");
    await expect(users.create("Sec-Throwaway", "0123456789ab", "admin")).rejects.toThrow(/already exists/);
    expect(users.list().map((u) => u.username)).toEqual(["sec-throwaway"]);
  });
  it("a disabled user is reported as such; deleting ends its sessions", async () => {
    const db = openDb(":memory:");
    const users = new UserStore(db);
    const sessions = new SessionStore(db);
    await users.create("vera", "0123456789ab", "viewer");
    const { token } = sessions.create("vera");
    expect(users.find("VERA")).toMatchObject({ sessions: 1 });
    users.setDisabled("vera", true);
    expect(await users.verify("vera", "0123456789ab")).toMatchObject({ disabled: true });
    expect(users.delete("vera")).toBe(true);
    expect(sessions.resolve(token)).toBeUndefined();
  });
  it("resolves a token by its value and keeps only the hash", () => {
    const db = openDb(":memory:");
    const tokens = new TokenStore(db);
    const { token, info } = tokens.create("ci", "viewer", "admin");
    expect(info.expired).toBe(false);
    expect(tokens.resolve(token)).toMatchObject({ id: info.id, role: "viewer" });
    expect(tokens.resolve(`${token}x`)).toBeUndefined();
    const stored = db.prepare("SELECT token_hash FROM api_tokens").get() as { token_hash: string };
    expect(stored.token_hash).not.toContain(token);
  });
  it("refuses an expired token and lists it as expired", () => {
    const tokens = new TokenStore(openDb(":memory:"));
    const now = Date.parse("2026-06-01T00:00:00Z");
    const { token } = tokens.create("ci", "viewer", "admin", "2026-06-02T00:00:00.000Z", now);
    expect(tokens.resolve(token, now + 86_400_000 - 1)).toMatchObject({ expiresAt: "2026-06-02T00:00:00.000Z", expired: false });
    expect(tokens.resolve(token, now + 86_400_000)).toBeUndefined();
    expect(tokens.list(now + 86_400_000)[0]).toMatchObject({ name: "ci", expired: true });
  });
  it("sessions end after the idle time, and each use keeps them alive", () => {
    const db = openDb(":memory:");
    const sessions = new SessionStore(db, 60_000);
    db.prepare("INSERT INTO users (username, name_key, password_hash, role, created_at) VALUES ('u', 'u', 'x', 'viewer', 'now')").run();
    const t0 = 1_000_000;
    const { token } = sessions.create("u", t0);
    expect(sessions.resolve(token, t0 + 50_000)).toBe("u");
    expect(sessions.resolve(token, t0 + 100_000)).toBe("u");
    expect(sessions.resolve(token, t0 + 170_000)).toBeUndefined();
    const other = sessions.create("u", t0).token;
    expect(sessions.revokeUser("u", other)).toBe(1);
    expect(sessions.resolve(other, t0 + 1)).toBe("u");
  });
  it("orders roles", () => {
    expect(roleAtLeast("admin", "operator")).toBe(true);
    expect(roleAtLeast("viewer", "operator")).toBe(false);
  });
});

describe("SignInThrottle", () => {
  const user = [{ key: "k", rule: USER_RULE }];
  it("doubles the delay per failure, locks after ten, and forgets on success", () => {
    const t = new SignInThrottle(openDb(":memory:"));
    const now = 1_000_000;
    expect(t.check(user, now)).toEqual({ refusedForMs: 0, delayMs: 0 });
    t.fail("k", USER_RULE, now);
    t.fail("k", USER_RULE, now);
    expect(t.check(user, now).delayMs).toBe(500);
    for (let i = 0; i < 8; i++) t.fail("k", USER_RULE, now);
    expect(t.check(user, now + 1000).refusedForMs).toBe(5 * 60_000 - 1000);
    t.succeed("k");
    expect(t.check(user, now).delayMs).toBe(0);
  });

  it("a per-minute window refuses past its limit until the minute is over, then starts again", () => {
    const rule = globalRule(3);
    const now = 5_000_000;
    expect(verdict(undefined, rule, now)).toEqual({ refusedForMs: 0, delayMs: 0 });
    let c = afterFailure(undefined, rule, now);
    c = afterFailure(c, rule, now + 10_000);
    expect(verdict(c, rule, now + 10_000).refusedForMs).toBe(0);
    c = afterFailure(c, rule, now + 20_000);
    expect(c).toEqual({ count: 3, firstAt: now, lastAt: now + 20_000 });
    expect(verdict(c, rule, now + 20_000)).toEqual({ refusedForMs: 40_000, delayMs: 0 });
    expect(verdict(c, rule, now + 60_000).refusedForMs).toBe(0);
    expect(afterFailure(c, rule, now + 60_000)).toEqual({ count: 1, firstAt: now + 60_000, lastAt: now + 60_000 });
  });

  it("an address is refused after twenty failures for fifteen minutes, with no delay before", () => {
    let c = afterFailure(undefined, ADDRESS_RULE, 0);
    for (let i = 1; i < 19; i++) c = afterFailure(c, ADDRESS_RULE, i);
    expect(verdict(c, ADDRESS_RULE, 19)).toEqual({ refusedForMs: 0, delayMs: 0 });
    c = afterFailure(c, ADDRESS_RULE, 19);
    expect(verdict(c, ADDRESS_RULE, 19).refusedForMs).toBe(15 * 60_000);
    expect(verdict(c, ADDRESS_RULE, 19 + 15 * 60_000 + 1).refusedForMs).toBe(0);
  });

  it("takes the strictest of several keys, and prunes rows past every window", () => {
    const t = new SignInThrottle(openDb(":memory:"));
    const now = 10_000_000;
    for (let i = 0; i < 3; i++) t.fail("global", globalRule(3), now);
    t.fail("k", USER_RULE, now);
    expect(t.check([{ key: "k", rule: USER_RULE }, { key: "global", rule: globalRule(3) }], now)).toEqual({ refusedForMs: 60_000, delayMs: 0 });
    expect(t.check([{ key: "k", rule: USER_RULE }], now)).toEqual({ refusedForMs: 0, delayMs: 250 });
    expect(t.prune(now + 15 * 60_000)).toBe(0);
    expect(t.prune(now + 15 * 60_000 + 1)).toBe(2);
  });
});
