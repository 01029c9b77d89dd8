import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, UpstreamHttpError, httpTarget } from "./http";

// A local HTTP server standing in for "some JSON API": what is tested is our side
// (auth header, timeouts, error texts), not any broker's behaviour.
let server: http.Server;
let base: string;
const seen: { authorization?: string; url?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ authorization: req.headers.authorization, url: req.url });
    if (req.url?.startsWith("/slow")) return void setTimeout(() => res.end("{}"), 2000);
    if (req.url?.startsWith("/denied")) {
      res.writeHead(401, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ error: "not_authorized", reason: "Login failed" }));
    }
    if (req.url?.startsWith("/html")) return void res.end("<html>");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const withCreds = () => base.replace("http://", "http://us%40er:p%40ss%3Aword@");

describe("httpTarget", () => {
  it("moves user info into a Basic header, decoded", () => {
    const t = httpTarget(`${withCreds()}/prefix/`);
    expect(t.base).toBe(`${base}/prefix`);
    expect(Buffer.from(t.authorization!.replace("Basic ", ""), "base64").toString()).toBe("us@er:p@ss:word");
  });
  it("sends no header without user info", () => {
    expect(httpTarget(base).authorization).toBeUndefined();
  });
});

describe("getJson", () => {
  it("GETs JSON with the auth header", async () => {
    expect(await getJson(httpTarget(withCreds()), "/api/x?y=1", 1000)).toEqual({ ok: true });
    expect(seen.at(-1)).toEqual({ authorization: httpTarget(withCreds()).authorization, url: "/api/x?y=1" });
  });

  it("reports status and the server's reason, never the password", async () => {
    const err = await getJson(httpTarget(withCreds()), "/denied", 1000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamHttpError);
    expect((err as UpstreamHttpError).status).toBe(401);
    expect((err as Error).message).toBe(`GET ${base}/denied answered 401 Unauthorized: not_authorized: Login failed`);
  });

  it("names the network cause on refusal, without credentials", async () => {
    // A port bound and released: nothing listens there. (Port 1 would not do: fetch
    // refuses it as a "bad port" before connecting.)
    const spare = http.createServer();
    await new Promise<void>((r) => spare.listen(0, "127.0.0.1", r));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((r) => spare.close(r));
    const dead = `http://user:TopSecret1@127.0.0.1:${port}`;
    const err = (await getJson(httpTarget(dead), "/api/overview", 1000).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(
      new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/api/overview failed: fetch failed: connect ECONNREFUSED`),
    );
    expect(err.message).not.toContain("TopSecret1");
  });

  it("times out", async () => {
    const err = (await getJson(httpTarget(base), "/slow", 100).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/timed out after 100 ms/);
  });

  it("rejects a body that is not JSON", async () => {
    await expect(getJson(httpTarget(base), "/html", 1000)).rejects.toThrow(/not JSON/);
  });
});
