import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "@/server/store/sql";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
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

describe.each(STORE_KINDS)("users, tokens and sessions on %s", (kind) => {
  let store: TestStore;
  let db: Sql;
  beforeEach(async () => {
    store = await openTestStore(kind);
    db = store.db;
  });
  afterEach(() => store.close());

  it("signs in known users with their role, by name in any case", async () => {
    const users = new UserStore(db);
    await users.create("Ops", "0123456789ab", "operator");
    expect(await users.verify("ops", "0123456789ab")).toMatchObject({ username: "Ops", role: "operator", disabled: false });
    expect(await users.verify("OPS", "0123456789ab")).toMatchObject({ username: "Ops" });
    expect(await users.verify("ops", "nope")).toBeUndefined();
    expect(await users.verify("ghost", "0123456789ab")).toBeUndefined();
  });
  it("refuses a second name that differs only by case", async () => {
    const users = new UserStore(db);
    await users.create("sec-throwaway", "0123456789ab", "viewer");
    await expect(users.create("Sec-Throwaway", "0123456789ab", "admin")).rejects.toThrow(/already exists/);
    expect((await users.list()).map((u) => u.username)).toEqual(["sec-throwaway"]);
  });
  it("a disabled user is reported as such; deleting ends its sessions", async () => {
    const users = new UserStore(db);
    const sessions = new SessionStore(db);
    await users.create("vera", "0123456789ab", "viewer");
    const { token } = await sessions.create("vera");
    expect(await users.find("VERA")).toMatchObject({ sessions: 1 });
    await users.setDisabled("vera", true);
    expect(await users.verify("vera", "0123456789ab")).toMatchObject({ disabled: true });
    expect(await users.delete("vera")).toBe(true);
    expect(await sessions.resolve(token)).toBeUndefined();
  });
  it("resolves a token by its value and keeps only the hash", async () => {
    const tokens = new TokenStore(db);
    const { token, info } = await tokens.create("ci", "viewer", "admin");
    expect(info.expired).toBe(false);
    expect(await tokens.resolve(token)).toMatchObject({ id: info.id, role: "viewer" });
    expect(await tokens.resolve(`${token}x`)).toBeUndefined();
    const stored = (await db.get<{ token_hash: string }>("SELECT token_hash FROM api_tokens"))!;
    expect(stored.token_hash).not.toContain(token);
  });
  it("refuses an expired token and lists it as expired", async () => {
    const tokens = new TokenStore(db);
    const now = Date.parse("2026-06-01T00:00:00Z");
    const { token } = await tokens.create("ci", "viewer", "admin", "2026-06-02T00:00:00.000Z", now);
    expect(await tokens.resolve(token, now + 86_400_000 - 1)).toMatchObject({ expiresAt: "2026-06-02T00:00:00.000Z", expired: false });
    expect(await tokens.resolve(token, now + 86_400_000)).toBeUndefined();
    expect((await tokens.list(now + 86_400_000))[0]).toMatchObject({ name: "ci", expired: true });
  });
  it("sessions end after the idle time, and each use keeps them alive", async () => {
    const sessions = new SessionStore(db, 60_000);
    await db.run("INSERT INTO users (username, name_key, password_hash, role, created_at) VALUES ('u', 'u', 'x', 'viewer', 'now')");
    const t0 = 1_000_000;
    const { token } = await sessions.create("u", t0);
    expect(await sessions.resolve(token, t0 + 50_000)).toBe("u");
    expect(await sessions.resolve(token, t0 + 100_000)).toBe("u");
    expect(await sessions.resolve(token, t0 + 170_000)).toBeUndefined();
    const other = (await sessions.create("u", t0)).token;
    expect(await sessions.revokeUser("u", other)).toBe(1);
    expect(await sessions.resolve(other, t0 + 1)).toBe("u");
  });

  const user = [{ key: "k", rule: USER_RULE }];
  it("throttle: doubles the delay per failure, locks after ten, and forgets on success", async () => {
    const t = new SignInThrottle(db);
    const now = 1_000_000;
    expect(await t.check(user, now)).toEqual({ refusedForMs: 0, delayMs: 0 });
    await t.fail("k", USER_RULE, now);
    await t.fail("k", USER_RULE, now);
    expect((await t.check(user, now)).delayMs).toBe(500);
    for (let i = 0; i < 8; i++) await t.fail("k", USER_RULE, now);
    expect((await t.check(user, now + 1000)).refusedForMs).toBe(5 * 60_000 - 1000);
    await t.succeed("k");
    expect((await t.check(user, now)).delayMs).toBe(0);
  });

  it("throttle: takes the strictest of several keys, and prunes rows past every window", async () => {
    const t = new SignInThrottle(db);
    const now = 10_000_000;
    for (let i = 0; i < 3; i++) await t.fail("global", globalRule(3), now);
    await t.fail("k", USER_RULE, now);
    expect(await t.check([{ key: "k", rule: USER_RULE }, { key: "global", rule: globalRule(3) }], now)).toEqual({ refusedForMs: 60_000, delayMs: 0 });
    expect(await t.check([{ key: "k", rule: USER_RULE }], now)).toEqual({ refusedForMs: 0, delayMs: 250 });
    expect(await t.prune(now + 15 * 60_000)).toBe(0);
    expect(await t.prune(now + 15 * 60_000 + 1)).toBe(2);
  });
}, STORE_TEST_TIMEOUT);

describe("roles", () => {
  it("orders roles", () => {
    expect(roleAtLeast("admin", "operator")).toBe(true);
    expect(roleAtLeast("viewer", "operator")).toBe(false);
  });
});

describe("SignInThrottle", () => {
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
});
