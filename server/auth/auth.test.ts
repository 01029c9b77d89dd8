import { describe, expect, it } from "vitest";
import { openDb } from "@/server/store/db";
import { hashPassword, verifyPassword } from "./password";
import { SignInThrottle } from "./throttle";
import { UserStore } from "./users";
import { TokenStore } from "./tokens";
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
  it("signs in known users with their role", async () => {
    const users = new UserStore(openDb(":memory:"));
    await users.create("ops", "0123456789", "operator");
    expect(await users.verify("ops", "0123456789")).toMatchObject({ username: "ops", role: "operator" });
    expect(await users.verify("ops", "nope")).toBeUndefined();
    expect(await users.verify("ghost", "0123456789")).toBeUndefined();
  });
  it("resolves a token by its value and keeps only the hash", () => {
    const db = openDb(":memory:");
    const tokens = new TokenStore(db);
    const { token, info } = tokens.create("ci", "viewer", "admin");
    expect(tokens.resolve(token)).toMatchObject({ id: info.id, role: "viewer" });
    expect(tokens.resolve(`${token}x`)).toBeUndefined();
    const stored = db.prepare("SELECT token_hash FROM api_tokens").get() as { token_hash: string };
    expect(stored.token_hash).not.toContain(token);
  });
  it("orders roles", () => {
    expect(roleAtLeast("admin", "operator")).toBe(true);
    expect(roleAtLeast("viewer", "operator")).toBe(false);
  });
});

describe("SignInThrottle", () => {
  it("doubles the delay per failure, locks after ten, and forgets on success", () => {
    const t = new SignInThrottle(openDb(":memory:"));
    const now = 1_000_000;
    expect(t.check("k", now)).toEqual({ lockedForMs: 0, delayMs: 0 });
    t.fail("k", now);
    t.fail("k", now);
    expect(t.check("k", now).delayMs).toBe(500);
    for (let i = 0; i < 8; i++) t.fail("k", now);
    expect(t.check("k", now + 1000).lockedForMs).toBeGreaterThan(0);
    t.succeed("k");
    expect(t.check("k", now).delayMs).toBe(0);
  });
});
