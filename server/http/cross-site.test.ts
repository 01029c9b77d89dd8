import { afterEach, describe, expect, it } from "vitest";
import { isCrossSite } from "./cross-site";
import { isHttps, requestOrigin } from "./request-origin";
import { isJsonType } from "./body";

// Next.js hands route handlers a URL on the address it listens on; the browser's view is the Host header.
const req = (headers: Record<string, string>, url = "http://127.0.0.1:3000/api/v1/users") => new Request(url, { method: "POST", headers });
const HOST = { host: "qd.local:3000" };

afterEach(() => {
  delete process.env.QUEUEDECK_TRUST_PROXY;
});

describe("isCrossSite", () => {
  it("takes our own origin by scheme, host and port", () => {
    expect(isCrossSite(req({ ...HOST, origin: "http://qd.local:3000" }))).toBe(false);
    expect(isCrossSite(req({ ...HOST, origin: "https://qd.local:3000" }))).toBe(true);
    expect(isCrossSite(req({ ...HOST, origin: "http://qd.local:3001" }))).toBe(true);
    expect(isCrossSite(req({ ...HOST, origin: "http://evil.example" }))).toBe(true);
    expect(isCrossSite(req({ ...HOST, origin: "null" }))).toBe(true);
    expect(isCrossSite(req({ host: "qd.local:80", origin: "http://qd.local" }))).toBe(false);
  });

  it("without Origin, refuses Sec-Fetch-Site other than same-origin and a foreign Referer", () => {
    expect(isCrossSite(req({ ...HOST, "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSite(req({ ...HOST, "sec-fetch-site": "same-site" }))).toBe(true);
    expect(isCrossSite(req({ ...HOST, referer: "http://evil.example/x" }))).toBe(true);
    expect(isCrossSite(req({ ...HOST, referer: "http://qd.local:3000/admin", "sec-fetch-site": "same-origin" }))).toBe(false);
    // No browser page sent this (curl with a cookie): nothing to refuse.
    expect(isCrossSite(req(HOST))).toBe(false);
  });

  it("believes X-Forwarded-Host and -Proto only with QUEUEDECK_TRUST_PROXY=1", () => {
    const viaProxy = { ...HOST, origin: "https://qd.example.com", "x-forwarded-host": "qd.example.com", "x-forwarded-proto": "https" };
    expect(isCrossSite(req(viaProxy))).toBe(true);
    expect(isHttps(req(viaProxy))).toBe(false);
    process.env.QUEUEDECK_TRUST_PROXY = "1";
    expect(isCrossSite(req(viaProxy))).toBe(false);
    expect(isHttps(req(viaProxy))).toBe(true);
    expect(requestOrigin(req({ ...viaProxy, "x-forwarded-proto": "http" }))).toBe("http://qd.example.com");
  });

  it("does not take Next.js's https URL for the scheme when it came from an untrusted header", () => {
    expect(isHttps(req({ ...HOST, "x-forwarded-proto": "https" }, "https://127.0.0.1:3000/x"))).toBe(false);
    expect(isHttps(req(HOST, "https://127.0.0.1:3000/x"))).toBe(true);
  });
});

describe("isJsonType", () => {
  it("takes application/json and +json types, with parameters, and nothing else", () => {
    for (const t of ["application/json", "Application/JSON; charset=utf-8", "application/merge-patch+json"]) expect(isJsonType(t), t).toBe(true);
    for (const t of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "text/json", "", null]) expect(isJsonType(t), String(t)).toBe(false);
  });
});
