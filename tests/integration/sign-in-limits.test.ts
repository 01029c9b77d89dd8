// Password spraying (a new username each try) is refused: per client address behind a trusted
// proxy, and by a global per-minute limit otherwise. A browser that signed in before (device
// cookie) is never held back by either, so an attacker cannot lock the real users out.
import { afterAll, describe, expect, it } from "vitest";
import { ApiClient, startServer, type RunningServer } from "../support/server";

const ADMIN_PASSWORD = "admin-password-for-limit-tests";
const SESSION = "/api/v1/session";
const servers: RunningServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function start(env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startServer({ config: { sources: [] }, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env } });
  servers.push(s);
  return s;
}

/** One guess each for `n` new usernames; the statuses in order. */
async function spray(c: ApiClient, n: number, prefix: string, headers: Record<string, string> = {}): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await c.request("POST", SESSION, { username: `${prefix}-${i}`, password: "Summer2026!" }, headers)).status);
  return out;
}

describe("sign-in limits", () => {
  it("without a trusted proxy: past 30 failures a minute, clients without a device cookie get 429; a known browser still signs in at once", async () => {
    const s = await start();
    const owner = new ApiClient(s.url);
    expect((await owner.post(SESSION, { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);

    const attacker = new ApiClient(s.url);
    const started = Date.now();
    const statuses = await spray(attacker, 32, "spray");
    expect(statuses.slice(0, 30)).toEqual(Array<number>(30).fill(401));
    expect(statuses.slice(30)).toEqual([429, 429]);
    // Refused before any password is checked: the refusals cost nothing.
    const refused = await attacker.post(SESSION, { username: "spray-x", password: "Summer2026!" });
    expect(refused.json.error.code).toBe("too_many_attempts");
    const retry = Number(refused.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(Date.now() - started).toBeLessThan(30_000);

    // The real admin from a new browser waits like everyone (the documented price)...
    expect((await new ApiClient(s.url).post(SESSION, { username: "admin", password: ADMIN_PASSWORD })).status).toBe(429);
    // ...but from the browser that signed in before, gets in at once.
    const t = Date.now();
    const again = await owner.post(SESSION, { username: "admin", password: ADMIN_PASSWORD });
    expect(again.status).toBe(200);
    expect(Date.now() - t).toBeLessThan(2000);

    // Refusals are not audited one by one; the 30 failures are, without the typed names.
    const audit = (await owner.get("/api/v1/audit?action=session.create&limit=100")).json.items.filter((e: any) => e.outcome === "denied");
    expect(audit).toHaveLength(30);
    expect(JSON.stringify(audit)).not.toContain("spray-");
  }, 90_000);

  it("behind a trusted proxy: an address is refused after 20 failures across any names; other addresses are not", async () => {
    const s = await start({ QUEUEDECK_TRUST_PROXY: "1" });
    const c = new ApiClient(s.url);
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    const statuses = await spray(c, 21, "p", from("203.0.113.7"));
    expect(statuses.slice(0, 20)).toEqual(Array<number>(20).fill(401));
    expect(statuses[20]).toBe(429);
    // A client cannot escape by prepending its own entry: the proxy's (last) one counts.
    const spoof = await c.request("POST", SESSION, { username: "p-new", password: "x" }, from("10.9.8.7, 203.0.113.7"));
    expect(spoof.status).toBe(429);
    expect(Number(spoof.headers.get("retry-after"))).toBeGreaterThan(800);
    // The real admin, from another address and with no device cookie, is not held back.
    const t = Date.now();
    const ok = await new ApiClient(s.url).request("POST", SESSION, { username: "admin", password: ADMIN_PASSWORD }, from("198.51.100.2"));
    expect(ok.status).toBe(200);
    expect(Date.now() - t).toBeLessThan(2000);
  }, 90_000);
});
