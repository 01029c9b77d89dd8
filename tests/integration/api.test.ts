// The HTTP API of a real QueueDeck server (next start) watching the real local brokers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, runServerExpectingExit, startServer, type RunningServer } from "../support/server";
import { kafkaBrokers, rabbitAmqpUrl, rabbitManagementUrl, redisUrl } from "../support/brokers";

const SECRET = "Sup3r-S3cret-pw";
const ADMIN_PASSWORD = "admin-password-for-tests";
const ADMIN_TOKEN = "env-admin-token-for-tests-0123456789";

const config = {
  sources: [
    { id: "rabbit", kind: "rabbitmq", name: "Local RabbitMQ", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() },
    { id: "kafka", kind: "kafka", name: "Local Kafka", brokers: kafkaBrokers() },
    { id: "jobs", kind: "bullmq", name: "Local BullMQ", redisUrl: redisUrl(0), prefix: "bull" },
    { id: "jobs2", kind: "bullmq", name: "Second BullMQ", redisUrl: redisUrl(2), prefix: "other" },
    { id: "celery", kind: "celery", name: "Local Celery", brokerUrl: redisUrl(0), resultBackendUrl: redisUrl(1) },
    // Wrong port, password from the environment: must show as down, never leak the password.
    { id: "broken", kind: "rabbitmq", name: "Broken", amqpUrl: "amqp://qd:${QD_TEST_SECRET}@127.0.0.1:1", managementUrl: "http://qd:${QD_TEST_SECRET}@127.0.0.1:1" },
  ],
};

let server: RunningServer;
let admin: ApiClient;
const seen: string[] = [];

async function track<T extends { json: unknown }>(p: Promise<T>): Promise<T> {
  const r = await p;
  seen.push(JSON.stringify(r.json));
  return r;
}

async function waitForSources(client: ApiClient, ok: (items: any[]) => boolean, timeoutMs = 45_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  let items: any[] = [];
  while (Date.now() < deadline) {
    items = (await track(client.get("/api/v1/sources"))).json.items;
    if (ok(items)) return items;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`sources never settled: ${JSON.stringify(items)}`);
}

beforeAll(async () => {
  server = await startServer({
    config,
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QUEUEDECK_ADMIN_TOKEN: ADMIN_TOKEN, QD_TEST_SECRET: SECRET },
  });
  admin = new ApiClient(server.url);
  const r = await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD });
  expect(r.status).toBe(200);
});

afterAll(async () => {
  await server?.stop();
  // Secrets stay on the server: not in any response we saw, not in the server's log.
  for (const body of seen) expect(body).not.toContain(SECRET);
  expect(server?.output() ?? "").not.toContain(SECRET);
  expect(server?.output() ?? "").not.toContain(ADMIN_PASSWORD);
});

describe("public and unknown routes", () => {
  it("health answers without auth", async () => {
    const r = await fetch(`${server.url}/api/v1/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
  it("every other route needs a session or token", async () => {
    const anon = new ApiClient(server.url);
    for (const p of ["/api/v1/sources", "/api/v1/audit", "/api/v1/users", "/api/v1/sources/rabbit"]) {
      const r = await anon.get(p);
      expect(r.status, p).toBe(401);
      expect(r.json.error.code).toBe("unauthenticated");
    }
  });
  it("unknown routes are JSON 404s", async () => {
    const r = await admin.get("/api/v1/nope/nothing");
    expect(r.status).toBe(404);
    expect(r.json.error).toMatchObject({ code: "not_found" });
  });
});

describe("sign-in", () => {
  it("sets an httpOnly SameSite cookie, and a wrong password is 401", async () => {
    const c = new ApiClient(server.url);
    const bad = await c.post("/api/v1/session", { username: "admin", password: "wrong" });
    expect(bad.status).toBe(401);
    expect(bad.json.error.code).toBe("invalid_credentials");
    const good = await c.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD });
    expect(good.status).toBe(200);
    const cookie = good.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect((await c.get("/api/v1/session")).json).toMatchObject({ username: "admin", role: "admin" });
    expect((await c.del("/api/v1/session")).status).toBe(200);
    expect((await c.get("/api/v1/sources")).status).toBe(401);
  });
  it("a malformed body is 400 naming the field", async () => {
    const c = new ApiClient(server.url);
    const r = await c.post("/api/v1/session", { username: "admin" });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/password/);
    const notJson = await c.request("POST", "/api/v1/session", "{oops", { "content-type": "application/json" });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe("invalid_json");
  });
  it("locks out after repeated failures", async () => {
    const c = new ApiClient(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await c.post("/api/v1/session", { username: "lockme", password: "x" })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  }, 60_000);
});

describe("sources", () => {
  it("shows every configured source; the broken one is down with the broker's error, the rest up", async () => {
    const items = await waitForSources(admin, (xs) =>
      xs.filter((s) => s.id !== "broken").every((s) => s.status === "up") && xs.find((s) => s.id === "broken")?.sampledAt,
    );
    expect(items.map((s) => s.id)).toEqual(["rabbit", "kafka", "jobs", "jobs2", "celery", "broken"]);
    const byId = Object.fromEntries(items.map((s) => [s.id, s]));
    expect(byId.rabbit).toMatchObject({ kind: "rabbitmq", status: "up", version: expect.stringMatching(/RabbitMQ \d/) });
    expect(byId.kafka).toMatchObject({ kind: "kafka", status: "up", version: expect.any(String) });
    expect(byId.jobs).toMatchObject({ kind: "bullmq", status: "up", version: expect.stringMatching(/Redis \d/) });
    expect(byId.jobs2).toMatchObject({ kind: "bullmq", status: "up" });
    expect(byId.celery).toMatchObject({ kind: "celery", status: "up", version: expect.stringMatching(/redis/i) });
    expect(byId.broken.status).toBe("down");
    expect(byId.broken.error).toMatch(/ECONNREFUSED|refused/i);
  });
  it("serves kind-specific lists from the snapshot, and 400 where the kind has none", async () => {
    for (const [source, list] of [["kafka", "topics"], ["kafka", "groups"], ["celery", "workers"], ["celery", "tasks?active=1"], ["jobs", "queues"]]) {
      const r = await track(admin.get(`/api/v1/sources/${source}/${list}`));
      expect(r.status, `${source}/${list}`).toBe(200);
      expect(Array.isArray(r.json.items)).toBe(true);
      expect(r.json.sampledAt).toEqual(expect.any(String));
    }
    const wrong = await admin.get("/api/v1/sources/rabbit/groups");
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe("not_supported");
  });

  it("a single source by id, and 404 for an unknown one", async () => {
    expect((await track(admin.get("/api/v1/sources/rabbit"))).json).toMatchObject({ id: "rabbit", status: "up" });
    expect((await admin.get("/api/v1/sources/nope")).status).toBe(404);
  });
});

describe("users, roles, tokens, audit, CSRF", () => {
  it("admin creates users; an operator may not; both are audited", async () => {
    const r = await admin.post("/api/v1/users", { username: "olga", password: "operator-pw-123", role: "operator" });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ username: "olga", role: "operator" });
    expect(JSON.stringify(r.json)).not.toContain("operator-pw-123");
    expect((await admin.post("/api/v1/users", { username: "olga", password: "operator-pw-123", role: "operator" })).status).toBe(409);
    expect((await admin.post("/api/v1/users", { username: "x", password: "short", role: "operator" })).json.error.message).toMatch(/password/);
    const list = await admin.get("/api/v1/users");
    expect(list.json.items.map((u: any) => u.username).sort()).toEqual(["admin", "olga"]);

    const olga = new ApiClient(server.url);
    expect((await olga.post("/api/v1/session", { username: "olga", password: "operator-pw-123" })).status).toBe(200);
    const denied = await olga.post("/api/v1/users", { username: "eve", password: "eve-password-1", role: "admin" });
    expect(denied.status).toBe(403);
    expect((await olga.get("/api/v1/sources")).status).toBe(200);

    const audit = await admin.get("/api/v1/audit?limit=20");
    const created = audit.json.items.find((e: any) => e.action === "user.create" && e.target === "olga" && e.outcome === "ok");
    expect(created).toMatchObject({ actor: "admin", params: { role: "operator" } });
    // newest first
    const ids = audit.json.items.map((e: any) => e.id);
    expect([...ids].sort((a: number, b: number) => b - a)).toEqual(ids);
  });

  it("refuses a cookie-authenticated write from another site", async () => {
    const r = await admin.post("/api/v1/users", { username: "csrf", password: "csrf-password-1", role: "viewer" }, { origin: "http://evil.example" });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe("csrf");
    expect((await admin.get("/api/v1/users")).json.items.some((u: any) => u.username === "csrf")).toBe(false);
  });

  it("API tokens: shown once, work as bearer, carry their role; the env admin token works", async () => {
    const created = await admin.post("/api/v1/tokens", { name: "ci-viewer", role: "viewer" });
    expect(created.status).toBe(201);
    const token: string = created.json.token;
    expect(token).toMatch(/^qdt_/);
    expect(JSON.stringify((await admin.get("/api/v1/tokens")).json)).not.toContain(token);
    const viewer = new ApiClient(server.url, token);
    expect((await viewer.get("/api/v1/sources")).status).toBe(200);
    expect((await viewer.post("/api/v1/users", { username: "v", password: "viewer-pw-123", role: "viewer" })).status).toBe(403);
    // A read above its role is a denial too, audited with the token as actor.
    expect((await viewer.get("/api/v1/tokens")).status).toBe(403);
    const audit = (await admin.get("/api/v1/audit?limit=20")).json.items as { actor: string; actorKind: string; action: string; outcome: string }[];
    const denial = audit.find((e) => e.action === "read /api/v1/tokens") as { at: string } | undefined;
    expect(denial).toMatchObject({ actor: "token:ci-viewer", actorKind: "token", outcome: "denied" });
    // A time window (the markers on a chart's range) holds the rows of that window only.
    const at = Date.parse(denial!.at);
    const inside = (await admin.get(`/api/v1/audit?from=${at}&to=${at}&limit=500`)).json.items as { at: string }[];
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.every((e) => e.at === denial!.at)).toBe(true);
    expect((await admin.get(`/api/v1/audit?from=${at + 60_000}`)).json.items).toEqual([]);
    expect((await admin.get("/api/v1/audit?from=yesterday")).status).toBe(400);
    expect((await new ApiClient(server.url, `${token}x`).get("/api/v1/sources")).status).toBe(401);
    const envAdmin = new ApiClient(server.url, ADMIN_TOKEN);
    expect((await envAdmin.get("/api/v1/users")).status).toBe(200);
  });
});

describe("start-up checks", () => {
  it("refuses to start with a malformed config and names the field", async () => {
    const { code, output } = await runServerExpectingExit({ sources: [{ id: "x", kind: "kafka", name: "K", brokers: ["no-port"] }] });
    expect(code).not.toBe(0);
    expect(output).toContain("sources.0.brokers.0: must be host:port");
  });
  it("read-only mode answers 403 to every action", async () => {
    const ro = await startServer({ config: { sources: [] }, env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QUEUEDECK_READ_ONLY: "1" } });
    try {
      const c = new ApiClient(ro.url);
      expect((await c.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).json.readOnly).toBe(true);
      const r = await c.post("/api/v1/users", { username: "nope", password: "nope-password-1", role: "viewer" });
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe("read_only");
      const audit = await c.get("/api/v1/audit");
      expect(audit.json.items[0]).toMatchObject({ action: "user.create", outcome: "denied" });
    } finally {
      await ro.stop();
    }
  });
  it("generates and prints the first admin password once when none is given", async () => {
    const s = await startServer({ config: { sources: [] } });
    try {
      const m = /created user "admin" with password: (\S+)/.exec(s.output());
      expect(m).not.toBeNull();
      const c = new ApiClient(s.url);
      expect((await c.post("/api/v1/session", { username: "admin", password: m![1] })).status).toBe(200);
    } finally {
      await s.stop();
    }
    const again = await startServer({ config: { sources: [] }, dataDir: s.dataDir });
    try {
      expect(again.output()).not.toMatch(/created user "admin"/);
    } finally {
      await again.stop();
    }
  });
});
