// Guessing at a username locks out unknown clients only: a browser that signed in before keeps
// its own counter (OWASP device cookies), so nobody can lock the real admin out.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, startServer, type RunningServer } from "../support/server";

const ADMIN_PASSWORD = "admin-password-for-lockout-tests";
const SESSION = "/api/v1/session";

let server: RunningServer;
/** The owner's device cookie value, from the first test. */
let device = "";

beforeAll(async () => {
  server = await startServer({ config: { sources: [] }, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD } });
});

afterAll(async () => {
  await server?.stop();
});

function deviceCookieOf(headers: Headers): string | undefined {
  return headers.getSetCookie().find((c) => c.startsWith("qd_device="));
}

/** The same cookie with one character of its signature changed. */
function tamper(value: string): string {
  const i = value.length - 5;
  return value.slice(0, i) + (value[i] === "A" ? "B" : "A") + value.slice(i + 1);
}

describe("sign-in lockout with device cookies", () => {
  it("locks the username for unknown clients only; the browser that signed in before still gets in", async () => {
    const owner = new ApiClient(server.url);
    const bad = await owner.post(SESSION, { username: "admin", password: "wrong" });
    expect(bad.status).toBe(401);
    expect(deviceCookieOf(bad.headers)).toBeUndefined();

    const first = await owner.post(SESSION, { username: "admin", password: ADMIN_PASSWORD });
    expect(first.status).toBe(200);
    const setDevice = deviceCookieOf(first.headers)!;
    expect(setDevice).toMatch(/^qd_device=admin\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}; /);
    expect(setDevice).toContain("; Path=/api/v1/session");
    expect(setDevice).toContain("; HttpOnly");
    expect(setDevice).toContain("; SameSite=Lax");
    expect(setDevice).toContain(`; Max-Age=${180 * 24 * 60 * 60}`);
    expect(setDevice).not.toContain("Secure");
    device = setDevice.split(";")[0]!.slice("qd_device=".length);
    // The key lives in the store, shared by replicas (server/auth/secret-key.ts), not in a file.
    expect(fs.existsSync(path.join(server.dataDir, "device-cookie.key"))).toBe(false);

    const out = await owner.del(SESSION);
    expect(out.status).toBe(200);
    expect(deviceCookieOf(out.headers)).toBeUndefined();
    expect((await owner.get(SESSION)).status).toBe(401);

    // The attacker, without the cookie, guesses until the username is locked.
    const attacker = new ApiClient(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attacker.post(SESSION, { username: "admin", password: `guess-${i}` })).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    const locked = await attacker.post(SESSION, { username: "admin", password: ADMIN_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.json.error.code).toBe("too_many_attempts");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(200);
    expect(deviceCookieOf(locked.headers)).toBeUndefined();

    // A forged or tampered device cookie counts as none.
    for (const forged of [tamper(device), device.replace(/^admin\./, "root."), `admin.${"A".repeat(22)}.${"A".repeat(43)}`, "%E0%A4%A"]) {
      const r = await new ApiClient(server.url).post(SESSION, { username: "admin", password: ADMIN_PASSWORD }, { cookie: `qd_device=${forged}` });
      expect(r.status, forged).toBe(429);
    }

    // The owner's browser still has its device cookie (sign-out kept it) and signs in at once.
    const started = Date.now();
    const again = await owner.post(SESSION, { username: "admin", password: ADMIN_PASSWORD });
    expect(again.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(again.json).toMatchObject({ username: "admin", role: "admin" });
    expect((await owner.get(SESSION)).json).toMatchObject({ username: "admin" });
    // Renewed with the same id: the device keeps its counter.
    expect(deviceCookieOf(again.headers)!.split(";")[0]).toBe(`qd_device=${device}`);

    // A genuine device cookie of another user does not speak for admin.
    expect((await owner.post("/api/v1/users", { username: "ops.team", password: "ops-password-1", role: "viewer" })).status).toBe(201);
    const other = await new ApiClient(server.url).post(SESSION, { username: "ops.team", password: "ops-password-1" });
    expect(other.status).toBe(200);
    const otherDevice = deviceCookieOf(other.headers)!.split(";")[0]!;
    expect(otherDevice).toMatch(/^qd_device=ops\.team\./);
    const r = await new ApiClient(server.url).post(SESSION, { username: "admin", password: ADMIN_PASSWORD }, { cookie: otherDevice });
    expect(r.status).toBe(429);
  }, 90_000);

  it("a stolen device cookie cannot brute-force either: its failures lock the device out", async () => {
    const thief = new ApiClient(server.url);
    const cookie = { cookie: `qd_device=${device}` };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await thief.post(SESSION, { username: "admin", password: `guess-${i}` }, cookie)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    const r = await thief.post(SESSION, { username: "admin", password: ADMIN_PASSWORD }, cookie);
    expect(r.status).toBe(429);
    expect(r.json.error.code).toBe("too_many_attempts");
  }, 90_000);
});
