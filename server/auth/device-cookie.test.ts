import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { DeviceCookies, parseDeviceCookie } from "./device-cookie";

const key = (fill: number) => Buffer.alloc(32, fill);

/** Swaps one character for another of the same alphabet, so only the signature can catch it. */
function flip(s: string, at: number): string {
  const c = s[at] === "A" ? "B" : "A";
  return s.slice(0, at) + c + s.slice(at + 1);
}

// Where the key is kept (the store, shared by replicas): server/auth/secret-key.test.ts.
describe("device cookies", () => {
  it("round-trips: the cookie names the lowercased user and verifies to its id", () => {
    const d = new DeviceCookies(key(1));
    const value = d.issue("Admin");
    const parsed = parseDeviceCookie(value)!;
    expect(parsed.username).toBe("admin");
    expect(parsed.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const mac = crypto.createHmac("sha256", key(1)).update(`admin.${parsed.id}`).digest("base64url");
    expect(parsed.mac).toBe(mac);
    expect(d.verify(value, "admin")).toBe(parsed.id);
    expect(d.verify(value, "ADMIN")).toBe(parsed.id);
    expect(d.issue("admin")).not.toBe(value);
    expect(d.issue("admin", parsed.id)).toBe(value);
  });

  it("handles usernames with dots", () => {
    const d = new DeviceCookies(key(1));
    const value = d.issue("ops.team");
    expect(parseDeviceCookie(value)?.username).toBe("ops.team");
    expect(d.verify(value, "ops.team")).toBe(parseDeviceCookie(value)!.id);
  });

  it("rejects a tampered id, mac or username, and another user's cookie", () => {
    const d = new DeviceCookies(key(1));
    const value = d.issue("admin");
    const { id, mac } = parseDeviceCookie(value)!;
    expect(d.verify(`admin.${flip(id, 3)}.${mac}`, "admin")).toBeUndefined();
    expect(d.verify(`admin.${id}.${flip(mac, 10)}`, "admin")).toBeUndefined();
    expect(d.verify(`admin.${id}.${mac.slice(0, -1)}`, "admin")).toBeUndefined();
    expect(d.verify(`admin.${id}.${mac}x`, "admin")).toBeUndefined();
    expect(d.verify(`root.${id}.${mac}`, "root")).toBeUndefined();
    expect(d.verify(value, "root")).toBeUndefined();
    expect(d.verify(d.issue("root"), "admin")).toBeUndefined();
    for (const junk of [undefined, "", "admin", "admin..", `.${id}.${mac}`, `admin.${id}`]) {
      expect(d.verify(junk, "admin")).toBeUndefined();
    }
  });

  it("rejects a cookie signed with another secret", () => {
    const value = new DeviceCookies(key(1)).issue("admin");
    expect(new DeviceCookies(key(2)).verify(value, "admin")).toBeUndefined();
    expect(new DeviceCookies(key(1)).verify(value, "admin")).toBe(parseDeviceCookie(value)!.id);
  });
});
