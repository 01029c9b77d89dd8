// The HTTP edge against a running QueueDeck, as an attacker or a careless client would try it:
// oversized bodies are refused while streaming, broken escapes are 400 JSON, JSON must be declared,
// cross-site writes are refused by scheme, host and port, and the security headers are where they
// belong (HSTS only behind a trusted https proxy).
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Queue } from "bullmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { redisUrl } from "../support/brokers";
import { BullFixture, poll } from "../support/bullmq";
import { bullQueueId } from "@/server/brokers/bullmq/map";

const TOKEN = "http-edge-admin-token-0123456789abcdef";
const PASSWORD = "http-edge-admin-password";
const MB = 1024 * 1024;
const fx = new BullFixture();
const QUEUE = "edge-search";
let queue: Queue;
let server: RunningServer;
let trusted: RunningServer;
let bearer: ApiClient;

beforeAll(async () => {
  queue = fx.queue(QUEUE);
  await queue.add("x", { a: 1 });
  await poll("one job", async () => ((await queue.getWaitingCount()) === 1 ? true : undefined));
  const config = { sources: [{ id: "jobs", kind: "bullmq", name: "B", redisUrl: redisUrl(), prefix: fx.prefix }] };
  const env = { QUEUEDECK_ADMIN_TOKEN: TOKEN, QUEUEDECK_ADMIN_PASSWORD: PASSWORD };
  [server, trusted] = await Promise.all([startServer({ config, env }), startServer({ config, env: { ...env, QUEUEDECK_TRUST_PROXY: "1" } })]);
  bearer = new ApiClient(server.url, TOKEN);
}, 180_000);

afterAll(async () => {
  await Promise.all([server?.stop(), trusted?.stop()]);
  await fx.cleanup();
}, 60_000);

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
}

/**
 * POSTs `totalBytes` in 64 KiB chunks (chunked, or with a Content-Length) and stops writing when
 * the answer comes; resolves with the answer and how much the client had sent by then.
 */
function streamPost(url: string, totalBytes: number, headers: Record<string, string>): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders; sentBytes: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    let sent = 0;
    let answered = false;
    const req = http.request(url, { method: "POST", headers });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body, headers: res.headers, sentBytes: sent, ms: Date.now() - t0 }));
    });
    // The server closes the connection after its 413: writes after that may fail; the answer counts.
    req.on("error", (err) => (answered ? undefined : reject(err)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!answered && sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/**
 * The server answers 413 and closes while the client still writes; without a lingering close
 * (Next's server has none) the client's write may meet the close before it has read the answer
 * (EPIPE/ECONNRESET). That race is the client's, not the cap's: try again, at most three times.
 */
async function answeredDespiteReset<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt === 3 || (code !== "EPIPE" && code !== "ECONNRESET")) throw err;
      console.log(`attempt ${attempt}: ${code} before the answer was read; sending again`);
    }
  }
}

describe("request bodies are read with a cap", () => {
  it("refuses 64 MB chunked to the sign-in at once with 413 JSON, without the server growing", async () => {
    // Warm the route up so its first compile/load does not count as growth.
    await new ApiClient(server.url).post("/api/v1/session", { username: "nobody", password: "x" });
    const pid = server.process.pid!;
    const before = rssKb(pid);
    const r = await answeredDespiteReset(() => streamPost(`${server.url}/api/v1/session`, 64 * MB, { "content-type": "application/json", "transfer-encoding": "chunked" }));
    const grownKb = rssKb(pid) - before;
    console.log(`64 MB chunked: ${r.status} after ${r.ms} ms, client had sent ${(r.sentBytes / MB).toFixed(1)} MB, server RSS ${before} kB -> +${grownKb} kB`);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: "too_large" } });
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(r.ms).toBeLessThan(5_000);
    expect(r.sentBytes).toBeLessThan(32 * MB);
    expect(grownKb).toBeLessThan(8 * 1024);
  });

  it("refuses a declared Content-Length over the limit before reading, and a lying one while reading", async () => {
    const declared = await streamPost(`${server.url}/api/v1/session`, 64 * 1024, { "content-type": "application/json", "content-length": String(64 * MB) });
    expect(declared.status).toBe(413);
    expect(declared.sentBytes).toBeLessThanOrEqual(64 * 1024);
    const authed = await streamPost(`${server.url}/api/v1/tokens`, 3 * MB, { "content-type": "application/json", "transfer-encoding": "chunked", authorization: `Bearer ${TOKEN}` });
    expect(authed.status).toBe(413);
    expect(JSON.parse(authed.body).error.code).toBe("too_large");
  });

  it("still takes a body just under the limit (answered on its merits)", async () => {
    const big = JSON.stringify({ username: "x".repeat(2 * MB - 100), password: "y" });
    const r = await new ApiClient(server.url).post("/api/v1/session", big);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe("invalid_request");
  });
});

describe("broken escapes are 400 JSON, never 500", () => {
  it("answers a broken percent-escape in an API path with 400 JSON, signed in or not, with or without a body", async () => {
    const anon = new ApiClient(server.url);
    for (const [client, method, path, body] of [
      [anon, "GET", "/api/v1/sources/%FF", undefined],
      [bearer, "GET", "/api/v1/sources/%FF", undefined],
      [bearer, "GET", "/api/v1/sources/jobs/queues/%E2%28", undefined],
      [bearer, "GET", "/api/v1/sources/%G1/queues", undefined],
      [anon, "POST", "/api/v1/sources/%FF/queues/x/purge", {}],
      [bearer, "POST", "/api/v1/sources/jobs/queues/%C0%AF/purge", {}],
      [bearer, "DELETE", "/api/v1/tokens/%", undefined],
    ] as const) {
      const r = await client.request(method, path, body);
      expect.soft(r.status, `${method} ${path}`).toBe(400);
      expect.soft(r.headers.get("content-type"), `${method} ${path}`).toMatch(/^application\/json/);
      expect.soft(r.json?.error?.code, `${method} ${path}`).toBe("invalid_path");
      expect.soft(r.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("answers a broken escape in a page path with a 400 page", async () => {
    const res = await fetch(`${server.url}/sources/%FF`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("bad address");
  });

  it("answers a bad escape in a job search's JSON path with 400 JSON", async () => {
    const base = `/api/v1/sources/jobs/queues/${bullQueueId(QUEUE)}/jobs/search`;
    const bad = await bearer.get(`${base}?q=${encodeURIComponent('$["\\x"]')}`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_request");
    expect(bad.json.error.message).toContain("cannot read the quoted name");
    const good = await bearer.get(`${base}?q=${encodeURIComponent('$["a"]=1')}`);
    expect(good.status).toBe(200);
    expect(good.json.items).toHaveLength(1);
  });
});

describe("JSON bodies must say they are JSON", () => {
  it("answers text/plain or a missing Content-Type with 415, and takes application/json and +json", async () => {
    const anon = new ApiClient(server.url);
    const creds = JSON.stringify({ username: "admin", password: PASSWORD });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", ""]) {
      const r = await anon.request("POST", "/api/v1/session", creds, { "content-type": type });
      expect(r.status, type).toBe(415);
      expect(r.json.error.code).toBe("unsupported_media_type");
    }
    expect((await anon.request("POST", "/api/v1/session", creds, { "content-type": "application/json; charset=utf-8" })).status).toBe(200);
    expect((await anon.request("POST", "/api/v1/session", creds, { "content-type": "application/vnd.queuedeck+json" })).status).toBe(200);
  });

  it("keeps an empty body with no Content-Type fine where no body is needed", async () => {
    const r = await bearer.request("DELETE", "/api/v1/session");
    expect(r.status).toBe(200);
    const q = `/api/v1/sources/jobs/queues/${bullQueueId(QUEUE)}`;
    expect((await bearer.request("POST", `${q}/pause`)).status).toBe(200);
    expect(await queue.isPaused()).toBe(true);
    expect((await bearer.request("POST", `${q}/resume`)).status).toBe(200);
    expect(await queue.isPaused()).toBe(false);
  });
});

describe("cross-site writes are refused by scheme, host and port", () => {
  let admin: ApiClient;
  beforeAll(async () => {
    admin = new ApiClient(server.url);
    expect((await admin.post("/api/v1/session", { username: "admin", password: PASSWORD })).status).toBe(200);
  });
  const own = () => server.url;
  const host = () => new URL(server.url).host;

  it("refuses a foreign Origin that differs only by scheme or port, and Origin null", async () => {
    for (const origin of [`https://${host()}`, `http://127.0.0.1:${Number(new URL(server.url).port) + 1}`, "http://evil.example", "null"]) {
      const r = await admin.post("/api/v1/tokens", { name: "x" }, { origin });
      expect(r.status, origin).toBe(403);
      expect(r.json.error.code).toBe("csrf");
    }
  });

  it("refuses a missing Origin with a foreign Referer or Sec-Fetch-Site cross-site, takes our own", async () => {
    expect((await admin.post("/api/v1/tokens", { name: "x" }, { referer: "http://evil.example/page" })).status).toBe(403);
    expect((await admin.post("/api/v1/tokens", { name: "x" }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await admin.post("/api/v1/tokens", { name: "x" }, { "sec-fetch-site": "same-site" })).status).toBe(403);
    // Our own origin and referer pass the check and reach validation (a bad body: 400, not 403).
    expect((await admin.post("/api/v1/tokens", { role: "nope" }, { origin: own() })).status).toBe(400);
    expect((await admin.post("/api/v1/tokens", { role: "nope" }, { referer: `${own()}/admin`, "sec-fetch-site": "same-origin" })).status).toBe(400);
  });

  it("ignores X-Forwarded-Host and -Proto unless QUEUEDECK_TRUST_PROXY=1", async () => {
    const spoofed = { origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
    expect((await admin.post("/api/v1/session", { username: "admin", password: PASSWORD }, spoofed)).status).toBe(403);
    // Behind a trusted proxy the forwarded origin is ours: scheme and host both count.
    const proxied = new ApiClient(trusted.url);
    const viaProxy = { origin: "https://qd.example.com", "x-forwarded-host": "qd.example.com", "x-forwarded-proto": "https" };
    expect((await proxied.post("/api/v1/session", { username: "admin", password: PASSWORD }, viaProxy)).status).toBe(200);
    expect((await proxied.post("/api/v1/session", { username: "admin", password: PASSWORD }, { ...viaProxy, "x-forwarded-proto": "http" })).status).toBe(403);
  });

  it("does not apply to API tokens (no cookie, nothing a foreign page can borrow)", async () => {
    const r = await bearer.post("/api/v1/tokens", { role: "nope" }, { origin: "http://evil.example" });
    expect(r.status).toBe(400);
  });
});

describe("security headers", () => {
  it("sends Cache-Control: no-store on every API answer, errors and the one-time token included", async () => {
    const anon = new ApiClient(server.url);
    const answers = [
      await anon.get("/api/v1/health"),
      await anon.get("/api/v1/sources"),
      await anon.get("/api/v1/no-such-route"),
      await anon.post("/api/v1/session", "{oops"),
      await bearer.get("/api/v1/sources"),
      await bearer.post("/api/v1/tokens", { name: `edge-${Date.now()}`, role: "viewer" }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 400, 200, 201]);
    expect(answers[5]!.json.token).toEqual(expect.any(String));
    for (const a of answers) {
      expect(a.headers.get("cache-control")).toBe("no-store");
      expect(a.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });

  it("gives pages a strict CSP with a fresh nonce that Next.js's scripts carry", async () => {
    const a = await fetch(`${server.url}/signin`);
    const b = await fetch(`${server.url}/signin`);
    const csp = a.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "connect-src 'self'", "img-src 'self' data:"]) expect(csp).toContain(d);
    expect(/'nonce-([^']+)'/.exec(b.headers.get("content-security-policy")!)![1]).not.toBe(nonce);
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g)!;
    expect(scripts.length).toBeGreaterThan(3);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  });

  it("sends HSTS only over https, and believes X-Forwarded-Proto only behind a trusted proxy", async () => {
    const get = (s: RunningServer, path: string, headers: Record<string, string> = {}) => fetch(`${s.url}${path}`, { headers }).then((r) => r.headers.get("strict-transport-security"));
    for (const path of ["/signin", "/api/v1/health"]) {
      expect(await get(server, path)).toBeNull();
      expect(await get(server, path, { "x-forwarded-proto": "https" })).toBeNull();
      expect(await get(trusted, path)).toBeNull();
      expect(await get(trusted, path, { "x-forwarded-proto": "http" })).toBeNull();
      expect(await get(trusted, path, { "x-forwarded-proto": "https" })).toBe("max-age=31536000");
    }
  });
});
