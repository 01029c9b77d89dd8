import { describe, expect, it } from "vitest";
import { commonPasswords, passwordProblem } from "./password-policy";

describe("password policy", () => {
  it("ships a list of common passwords, lowercase, 12+ characters", () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(5000);
    expect(list.has("password1234")).toBe(true);
    expect(list.has("qwertyuiop123")).toBe(true);
    expect([...list].every((p) => p.length >= 12 && p === p.toLowerCase())).toBe(true);
  });

  it("refuses short, common (any case), repetitive and username-containing passwords", () => {
    expect(passwordProblem("short-pass1", "olga")).toMatch(/at least 12 characters/);
    expect(passwordProblem("Password1234", "olga")).toMatch(/common passwords/);
    expect(passwordProblem("QWERTYUIOP123", "olga")).toMatch(/common passwords/);
    expect(passwordProblem("abababababab", "olga")).toMatch(/too few characters/);
    expect(passwordProblem("my-OLGA-secret-77", "Olga")).toMatch(/username/);
    expect(passwordProblem("operator-pw-123", "olga")).toBeUndefined();
    // A name of one or two letters is in too many good passwords to forbid.
    expect(passwordProblem("correct-stapler-horse", "or")).toBeUndefined();
  });
});
