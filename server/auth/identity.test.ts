import { describe, expect, it } from "vitest";
import { ENV_TOKEN_ACTOR, tokenActor, unknownUserActor, userActor } from "./actor";
import { usernameKey } from "./username";

describe("username keys", () => {
  it("fold case and compatibility forms to one spelling", () => {
    expect(usernameKey("Sec-Throwaway")).toBe("sec-throwaway");
    expect(usernameKey("sec-throwaway")).toBe(usernameKey("SEC-THROWAWAY"));
    // Fullwidth letters are another spelling of the same name.
    expect(usernameKey("ＯＰＳ")).toBe("ops");
  });
});

describe("audit actors", () => {
  it("never collide between kinds, whatever a token is named", () => {
    const named = tokenActor(7, "QUEUEDECK_ADMIN_TOKEN");
    expect(named).toEqual({ actor: "token:QUEUEDECK_ADMIN_TOKEN", actorKind: "token", actorId: "7" });
    expect([named.actorKind, named.actorId]).not.toEqual([ENV_TOKEN_ACTOR.actorKind, ENV_TOKEN_ACTOR.actorId]);
    expect(userActor("Admin", "admin")).toEqual({ actor: "Admin", actorKind: "user", actorId: "admin" });
  });

  it("names an unknown user by a keyed hash of the text, never the text", () => {
    const key = Buffer.alloc(32, 3);
    const a = unknownUserActor("hunter2-my-password", key);
    expect(a.actor).toMatch(/^unknown user \(#[0-9a-f]{8}\)$/);
    expect(a.actor).not.toContain("hunter2");
    expect(a.actorKind).toBe("anonymous");
    expect(unknownUserActor("hunter2-my-password", key)).toEqual(a);
    expect(unknownUserActor("hunter2-my-password", Buffer.alloc(32, 4)).actorId).not.toBe(a.actorId);
    expect(unknownUserActor("someone-else", key).actorId).not.toBe(a.actorId);
  });
});
