import { describe, expect, it } from "vitest";
import { metricsAccess } from "./access";

describe("who may scrape /metrics", () => {
  it("is off without a token or the public switch", () => {
    expect(metricsAccess({}, null)).toMatchObject({ ok: false, status: 404 });
    expect(metricsAccess({ QUEUEDECK_METRICS_PUBLIC: "0" }, "Bearer x")).toMatchObject({ ok: false, status: 404 });
  });

  it("takes the token as a bearer, and only that token", () => {
    const env = { QUEUEDECK_METRICS_TOKEN: "s3cret-token" };
    expect(metricsAccess(env, "Bearer s3cret-token")).toEqual({ ok: true });
    expect(metricsAccess(env, "bearer s3cret-token")).toEqual({ ok: true });
    expect(metricsAccess(env, "Bearer s3cret-tokem")).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess(env, "Basic s3cret-token")).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess(env, null)).toMatchObject({ ok: false, status: 401 });
  });

  it("still wants the token when both are set: the token is the stricter choice", () => {
    expect(metricsAccess({ QUEUEDECK_METRICS_TOKEN: "t", QUEUEDECK_METRICS_PUBLIC: "1" }, null)).toMatchObject({ ok: false, status: 401 });
    expect(metricsAccess({ QUEUEDECK_METRICS_PUBLIC: "1" }, null)).toEqual({ ok: true });
  });
});
