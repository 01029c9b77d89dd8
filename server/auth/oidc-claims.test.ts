import { describe, expect, it } from "vitest";
import { grantsFromClaims, usernameFromClaims } from "./oidc-claims";
import type { OidcMapping } from "@/lib/config-schema";

const mappings: OidcMapping[] = [
  { claim: "groups", value: "sre", role: "operator", sources: ["payments-*"] },
  { claim: "groups", value: "staff", role: "viewer", sources: "*" },
  { claim: "email_verified", value: true, role: "viewer", sources: ["status"] },
  { claim: "department", value: "ops", role: "admin", sources: "*" },
];

describe("grantsFromClaims", () => {
  it("maps list claims by membership and plain claims by equality", () => {
    expect(grantsFromClaims({ groups: ["sre", "staff"] }, mappings)).toEqual([
      { role: "operator", sources: ["payments-*"] },
      { role: "viewer", sources: "*" },
    ]);
    expect(grantsFromClaims({ department: "ops", email_verified: true }, mappings)).toEqual([
      { role: "viewer", sources: ["status"] },
      { role: "admin", sources: "*" },
    ]);
  });

  it("grants nothing when nothing matches, whatever the claim's type", () => {
    expect(grantsFromClaims({ groups: ["devs"] }, mappings)).toEqual([]);
    expect(grantsFromClaims({ groups: "sre-team", department: ["operations"], email_verified: "true" }, mappings)).toEqual([]);
    expect(grantsFromClaims({}, mappings)).toEqual([]);
  });
});

describe("usernameFromClaims", () => {
  it("takes the first present string claim, else sub", () => {
    expect(usernameFromClaims({ sub: "u1", email: "a@example.com", preferred_username: "alice" }, ["preferred_username", "email"])).toBe("alice");
    expect(usernameFromClaims({ sub: "u1", email: "a@example.com", preferred_username: " " }, ["preferred_username", "email"])).toBe("a@example.com");
    expect(usernameFromClaims({ sub: "u1" }, ["preferred_username"])).toBe("u1");
    expect(usernameFromClaims({}, ["preferred_username"])).toBeUndefined();
  });
});
