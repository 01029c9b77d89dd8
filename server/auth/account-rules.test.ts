import { describe, expect, it } from "vitest";
import type { UserSummary } from "@/lib/dto";
import { allSources } from "@/lib/grants";
import { accountChangeRefusal } from "./account-rules";

const user = (username: string, role: NonNullable<UserSummary["role"]>, disabled = false): UserSummary => ({ username, role, grants: allSources(role), disabled, createdAt: "2026-01-01T00:00:00.000Z", sessions: 0 });

describe("account change rules", () => {
  it("keeps an enabled admin: the last one cannot be deleted, disabled or demoted", () => {
    const last = user("root", "admin");
    expect(accountChangeRefusal(last, { delete: true }, "other", 0)).toMatch(/last enabled admin/);
    expect(accountChangeRefusal(last, { disabled: true }, undefined, 0)).toMatch(/last enabled admin/);
    expect(accountChangeRefusal(last, { grants: allSources("operator") }, undefined, 0)).toMatch(/last enabled admin/);
    expect(accountChangeRefusal(last, { grants: allSources("admin") }, undefined, 0)).toBeUndefined();
    // Admin of some sources only is no admin of accounts: that demotes too.
    expect(accountChangeRefusal(last, { grants: [{ role: "admin", sources: ["payments-*"] }] }, undefined, 0)).toMatch(/last enabled admin/);
    expect(accountChangeRefusal(last, { delete: true }, "other", 1)).toBeUndefined();
    // A disabled admin is no admin anyone can use: deleting it keeps nothing from working.
    expect(accountChangeRefusal(user("old", "admin", true), { delete: true }, "other", 0)).toBeUndefined();
  });

  it("nobody deletes, disables, demotes or resets the password of their own account (any case)", () => {
    const me = user("Alice", "admin");
    expect(accountChangeRefusal(me, { delete: true }, "alice", 5)).toMatch(/delete your own/);
    expect(accountChangeRefusal(me, { disabled: true }, "ALICE", 5)).toMatch(/disable your own/);
    expect(accountChangeRefusal(me, { grants: allSources("viewer") }, "Alice", 5)).toMatch(/admin role from yourself/);
    expect(accountChangeRefusal(me, { password: true }, "Alice", 5)).toMatch(/session\/password/);
    expect(accountChangeRefusal(me, { disabled: false }, "Alice", 5)).toBeUndefined();
  });

  it("lets an admin change other users freely", () => {
    const v = user("vera", "viewer");
    for (const c of [{ delete: true }, { disabled: true }, { grants: allSources("admin") }, { password: true }]) {
      expect(accountChangeRefusal(v, c, "alice", 0)).toBeUndefined();
    }
  });
});
