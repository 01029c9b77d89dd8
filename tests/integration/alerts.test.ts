// Alerts on a real RabbitMQ queue: a rule on its depth fires to webhook receivers started here
// (signed with HMAC-SHA256, exactly once), retries through a receiver that fails twice, speaks
// Slack's format, and resolves exactly once after the queue is drained. Plus the API's guards:
// bad input 400s, viewers may read but not write, and no response carries a secret.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertEventDto, AlertRuleDto, AlertsDto, WebhookDto } from "@/lib/alerts";
import { rabbitAmqpUrl, rabbitManagementUrl } from "../support/brokers";
import { TestVhost } from "../support/rabbitmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";

const ADMIN_PASSWORD = "alerts-admin-password";
const VIEWER_PASSWORD = "alerts-viewer-pw-2026";
const vhost = new TestVhost("-alerts");
const QUEUE = "orders.in";
const SECRETS = { json: "json-hook-secret-5f1c", flaky: "flaky-hook-secret-9a2e", slack: "slack-hook-secret-77d0" };

interface Received {
  path: string;
  body: string;
  signature: string | undefined;
  status: number;
  at: number;
}

/** One receiver, three paths: /hook answers 200, /flaky 500 to its first two calls, /slack 200. */
class Receiver {
  readonly calls: Received[] = [];
  private flakyCalls = 0;
  private readonly server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (body += d));
    req.on("end", () => {
      const status = req.url === "/flaky" && ++this.flakyCalls <= 2 ? 500 : 200;
      this.calls.push({ path: req.url ?? "", body, signature: req.headers["x-queuedeck-signature"] as string | undefined, status, at: Date.now() });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "boom");
    });
  });
  url = "";

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop = () => new Promise<void>((r) => this.server.close(() => r()));
  to = (path: string) => this.calls.filter((c) => c.path === path);
}

const receiver = new Receiver();
let server: RunningServer;
let admin: ApiClient;
let viewer: ApiClient;
/** Every JSON answer the API gave in this file: none may carry a webhook secret. */
const answers: unknown[] = [];

async function call(client: ApiClient, method: string, p: string, body?: unknown) {
  const r = await client.request(method, p, body);
  answers.push(r.json);
  return r;
}

const hmac = (secret: string, body: string) => `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;

beforeAll(async () => {
  await vhost.create();
  const ch = await vhost.confirmChannel();
  await ch.assertQueue(QUEUE, { durable: true });
  await ch.assertQueue("orders.quiet", { durable: true });
  await ch.close();
  await receiver.start();
  server = await startServer({
    config: { sources: [{ id: "rmq", kind: "rabbitmq", name: "Rabbit", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() }] },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  admin = new ApiClient(server.url);
  expect((await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  expect((await admin.post("/api/v1/users", { username: "alert-viewer", password: VIEWER_PASSWORD, role: "viewer" })).status).toBe(201);
  viewer = new ApiClient(server.url);
  expect((await viewer.post("/api/v1/session", { username: "alert-viewer", password: VIEWER_PASSWORD })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await receiver.stop();
  await vhost.delete();
});

describe("alert rules and webhooks on a real RabbitMQ queue", () => {
  let rule: AlertRuleDto;
  const hooks: Record<keyof typeof SECRETS, WebhookDto> = {} as never;

  it("keeps webhooks without ever returning their secret", async () => {
    for (const [key, path, format] of [["json", "/hook", "json"], ["flaky", "/flaky", "json"], ["slack", "/slack", "slack"]] as const) {
      const r = await call(admin, "POST", "/api/v1/alerts/webhooks", { name: `${key} receiver`, url: `${receiver.url}${path}`, secret: SECRETS[key], format });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      expect(r.json).toMatchObject({ name: `${key} receiver`, secret: "set", format, url: `${receiver.url}${path}` });
      hooks[key] = r.json as WebhookDto;
    }
    const list = await call(admin, "GET", "/api/v1/alerts/webhooks");
    expect(list.status).toBe(200);
    expect((list.json.items as WebhookDto[]).map((h) => [h.name, h.secret])).toEqual([
      ["json receiver", "set"],
      ["flaky receiver", "set"],
      ["slack receiver", "set"],
    ]);
  });

  it("refuses bad rule and webhook input with a 400 naming the problem", async () => {
    const good = { name: "x", source: "rmq", entity: "orders.*", metric: "depth", op: ">", threshold: 1, forSeconds: 0, severity: "warning", webhookIds: [] };
    const cases: [string, unknown][] = [
      ["op >=", { ...good, op: ">=" }],
      ["no name", { ...good, name: "" }],
      ["unknown metric", { ...good, metric: "depthh" }],
      ["threshold as text", { ...good, threshold: "10" }],
      ["negative duration", { ...good, forSeconds: -1 }],
      ["unknown severity", { ...good, severity: "fatal" }],
      ["unknown field", { ...good, extra: 1 }],
      ["unknown source", { ...good, source: "nope" }],
      ["unknown webhook", { ...good, webhookIds: [9999] }],
    ];
    for (const [what, body] of cases) {
      const r = await call(admin, "POST", "/api/v1/alerts/rules", body);
      expect(r.status, what).toBe(400);
      expect(r.json.error.code, what).toBe("invalid_request");
      expect(typeof r.json.error.message, what).toBe("string");
    }
    for (const url of ["ftp://127.0.0.1/x", "not a url", "javascript:alert(1)"]) {
      const r = await call(admin, "POST", "/api/v1/alerts/webhooks", { name: "bad", url, secret: "long-enough-secret" });
      expect(r.status, url).toBe(400);
    }
    expect((await call(admin, "POST", "/api/v1/alerts/webhooks", { name: "short", url: `${receiver.url}/x`, secret: "short" })).status).toBe(400);
    expect((await call(admin, "PUT", "/api/v1/alerts/rules/424242", good)).status).toBe(404);
    expect((await call(admin, "DELETE", "/api/v1/alerts/rules/abc")).status).toBe(400);
  });

  it("lets viewers read alerts and rules but not change them (403, audited as denied)", async () => {
    const body = { name: "viewer rule", source: "*", entity: "*", metric: "depth", op: ">", threshold: 1, forSeconds: 0, severity: "info", webhookIds: [] };
    const r = await call(viewer, "POST", "/api/v1/alerts/rules", body);
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe("forbidden");
    expect((await call(viewer, "POST", "/api/v1/alerts/webhooks", { name: "v", url: `${receiver.url}/v`, secret: "viewer-secret-123" })).status).toBe(403);
    expect((await call(viewer, "GET", "/api/v1/alerts/webhooks")).status).toBe(403);
    expect((await call(viewer, "GET", "/api/v1/alerts")).status).toBe(200);
    expect((await call(viewer, "GET", "/api/v1/alerts/rules")).status).toBe(200);
    const audit = await call(admin, "GET", "/api/v1/audit?action=alert.rule.create");
    expect(audit.json.items.some((e: { outcome: string; actor: string }) => e.outcome === "denied" && e.actor === "alert-viewer")).toBe(true);
  });

  it("fires exactly once to every webhook when the queue's depth passes the threshold, signed with each secret", async () => {
    const r = await call(admin, "POST", "/api/v1/alerts/rules", {
      name: "orders backlog",
      source: "rmq",
      // The test's own vhost: queues of the same name elsewhere on the shared broker stay out.
      entity: `${vhost.name}/orders.*`,
      metric: "depth",
      op: ">",
      threshold: 3,
      forSeconds: 2,
      severity: "critical",
      webhookIds: [hooks.json.id, hooks.flaky.id, hooks.slack.id],
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    rule = r.json as AlertRuleDto;

    const ch = await vhost.confirmChannel();
    for (let i = 0; i < 5; i++) ch.sendToQueue(QUEUE, Buffer.from(`order ${i}`));
    await ch.waitForConfirms();
    await ch.close();

    const [firing] = await poll("the firing notification", async () => (receiver.to("/hook").length ? receiver.to("/hook") : undefined), 45_000);
    expect(firing!.signature).toBe(hmac(SECRETS.json, firing!.body));
    const payload = JSON.parse(firing!.body);
    expect(payload).toMatchObject({
      version: 1,
      status: "firing",
      alert: { ruleId: rule.id, name: "orders backlog", severity: "critical", source: "rmq", entity: `${vhost.name}/${QUEUE}`, metric: "depth", op: ">", threshold: 3, value: 5 },
    });

    const alerts = (await call(viewer, "GET", "/api/v1/alerts")).json as AlertsDto;
    expect(alerts.firing).toEqual([
      expect.objectContaining({ ruleId: rule.id, name: "orders backlog", severity: "critical", source: "rmq", entity: `${vhost.name}/${QUEUE}`, metric: "depth", value: 5, threshold: 3, op: ">" }),
    ]);

    // The flaky receiver answered 500 twice: the 3rd try (after 1 s and 2 s) got it.
    const flaky = await poll("the flaky receiver's 3rd try", async () => (receiver.to("/flaky").length >= 3 ? receiver.to("/flaky") : undefined), 20_000);
    expect(flaky.map((c) => c.status)).toEqual([500, 500, 200]);
    expect(new Set(flaky.map((c) => c.body)).size).toBe(1);
    expect(flaky[2]!.signature).toBe(hmac(SECRETS.flaky, flaky[2]!.body));
    expect(flaky[1]!.at - flaky[0]!.at).toBeGreaterThanOrEqual(900);
    expect(flaky[2]!.at - flaky[1]!.at).toBeGreaterThanOrEqual(1900);

    // Slack: {"text"} only, signed too.
    const [slack] = receiver.to("/slack");
    expect(Object.keys(JSON.parse(slack!.body))).toEqual(["text"]);
    expect(JSON.parse(slack!.body).text).toContain("[FIRING critical] orders backlog");
    expect(slack!.signature).toBe(hmac(SECRETS.slack, slack!.body));

    const event = await poll("the delivery outcomes in the history", async () => {
      const h = ((await call(admin, "GET", "/api/v1/alerts")).json as AlertsDto).history.items.find((e) => e.ruleId === rule.id && e.state === "firing");
      return h && h.deliveries.every((d) => d.status === "delivered") ? h : undefined;
    });
    expect(event.deliveries.map((d) => [d.webhook, d.status, d.attempts, d.httpStatus])).toEqual([
      ["json receiver", "delivered", 1, 200],
      ["flaky receiver", "delivered", 3, 200],
      ["slack receiver", "delivered", 1, 200],
    ]);

    // More ticks over the threshold: still one message per receiver.
    await new Promise((r) => setTimeout(r, 4000));
    expect(receiver.to("/hook")).toHaveLength(1);
    expect(receiver.to("/slack")).toHaveLength(1);
  }, 90_000);

  it("resolves exactly once after the queue is drained", async () => {
    await vhost.drain(QUEUE, 5);
    const resolved = await poll(
      "the resolved notification",
      async () => receiver.to("/hook").filter((c) => JSON.parse(c.body).status === "resolved").at(0),
      45_000,
    );
    expect(resolved.signature).toBe(hmac(SECRETS.json, resolved.body));
    expect(JSON.parse(resolved.body).alert).toMatchObject({ ruleId: rule.id, entity: `${vhost.name}/${QUEUE}`, value: 0 });
    await poll("the resolved Slack message", async () => (receiver.to("/slack").length === 2 ? true : undefined), 10_000);
    expect(JSON.parse(receiver.to("/slack")[1]!.body).text).toContain("[RESOLVED] orders backlog");
    await new Promise((r) => setTimeout(r, 4000));
    expect(receiver.to("/hook").map((c) => JSON.parse(c.body).status)).toEqual(["firing", "resolved"]);
    const alerts = (await call(viewer, "GET", "/api/v1/alerts")).json as AlertsDto;
    expect(alerts.firing.filter((a) => a.ruleId === rule.id)).toEqual([]);
    const mine = alerts.history.items.filter((e: AlertEventDto) => e.ruleId === rule.id);
    expect(mine.map((e) => e.state)).toEqual(["resolved", "firing"]);
  }, 90_000);

  it("edits and deletes rules and webhooks, audited without secrets", async () => {
    const put = await call(admin, "PUT", `/api/v1/alerts/rules/${rule.id}`, { ...pick(rule), threshold: 10, webhookIds: [hooks.json.id] });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json).toMatchObject({ id: rule.id, threshold: 10, webhookIds: [hooks.json.id] });
    expect((await call(admin, "DELETE", `/api/v1/alerts/webhooks/${hooks.json.id}`)).status).toBe(200);
    expect((await call(admin, "GET", `/api/v1/alerts/rules/${rule.id}`)).json.webhookIds).toEqual([]);
    expect((await call(admin, "DELETE", `/api/v1/alerts/rules/${rule.id}`)).status).toBe(200);
    expect((await call(admin, "GET", `/api/v1/alerts/rules/${rule.id}`)).status).toBe(404);
    const audit = await call(admin, "GET", "/api/v1/audit?limit=200");
    const actions = (audit.json.items as { action: string; outcome: string }[]).filter((e) => e.action.startsWith("alert.") && e.outcome === "ok").map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["alert.webhook.create", "alert.rule.create", "alert.rule.update", "alert.webhook.delete", "alert.rule.delete"]));
  });

  it("never returned a webhook secret, in any answer", () => {
    const all = JSON.stringify(answers);
    for (const secret of [...Object.values(SECRETS), "long-enough-secret", "viewer-secret-123"]) expect(all).not.toContain(secret);
    expect(server.output()).not.toContain(SECRETS.json);
  });
});

function pick(r: AlertRuleDto) {
  const { name, source, entity, metric, op, threshold, forSeconds, severity, webhookIds } = r;
  return { name, source, entity, metric, op, threshold, forSeconds, severity, webhookIds };
}
