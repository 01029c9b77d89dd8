import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryDto } from "@/lib/alerts";
import { WebhookDispatcher } from "./deliver";
import { notificationBody, signature } from "./payload";
import { shownUrl } from "./store";
import type { AlertChange } from "./evaluator";

// Deliveries against a local HTTP receiver: which answers are retried, how often, and that
// the outcome reports never carry the URL's secrets.
const answers = new Map<string, number[]>();
const hits = new Map<string, number>();
const authorizations: (string | undefined)[] = [];
const receiver = http.createServer((req, res) => {
  const path = new URL(req.url!, "http://x").pathname;
  const n = (hits.get(path) ?? 0) + 1;
  hits.set(path, n);
  authorizations.push(req.headers.authorization);
  req.resume();
  req.on("end", () => {
    if (path === "/slow") return; // never answers: the per-try timeout ends it
    const plan = answers.get(path) ?? [200];
    res.writeHead(plan[Math.min(n, plan.length) - 1]!).end();
  });
});
let base = "";

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => {
  receiver.closeAllConnections();
  receiver.close();
});

async function deliver(path: string, url = `${base}${path}`): Promise<DeliveryDto[]> {
  const outcomes: DeliveryDto[] = [];
  const d = new WebhookDispatcher((_, o) => void outcomes.push(o), { tries: 3, baseDelayMs: 20, timeoutMs: 200, maxQueued: 10 });
  d.enqueue(1, { id: 7, name: "hook", url, secret: "s3cret-value", format: "json" }, "{}");
  await d.idle();
  return outcomes;
}

describe("webhook deliveries", () => {
  it("retry 5xx and 429 until a 2xx, reporting each try", async () => {
    answers.set("/flaky", [503, 429, 204]);
    const out = await deliver("/flaky");
    expect(out.map((o) => [o.status, o.attempts, o.httpStatus])).toEqual([
      ["pending", 1, 503],
      ["pending", 2, 429],
      ["delivered", 3, 204],
    ]);
  });

  it("do not retry other 4xx, and give up after the last try", async () => {
    answers.set("/gone", [404]);
    expect((await deliver("/gone")).map((o) => [o.status, o.attempts, o.httpStatus])).toEqual([["failed", 1, 404]]);
    answers.set("/down", [500]);
    expect((await deliver("/down")).at(-1)).toMatchObject({ status: "failed", attempts: 3, httpStatus: 500 });
  });

  it("time out each try, and keep the URL's credentials out of the error", async () => {
    const out = await deliver("/slow", `${base.replace("http://", "http://user:pa55word@")}/slow?token=abc`);
    expect(hits.get("/slow")).toBe(3);
    expect(authorizations.at(-1)).toBe(`Basic ${Buffer.from("user:pa55word").toString("base64")}`);
    const last = out.at(-1)!;
    expect(last).toMatchObject({ status: "failed", attempts: 3 });
    expect(JSON.stringify(out)).not.toContain("pa55word");
    expect(JSON.stringify(out)).not.toContain("token=abc");
  });
});

describe("notification bodies", () => {
  const change: AlertChange = {
    rule: { id: 3, name: "backlog", source: "*", entity: "orders.*", metric: "depth", op: ">", threshold: 10, forSeconds: 30, severity: "critical" },
    source: "rmq",
    entity: "orders.eu",
    state: "firing",
    value: 42,
    since: 0,
    at: 1000,
  };

  it("are signed sha256=<hex HMAC-SHA256 of the raw body>", () => {
    const body = notificationBody("json", change);
    expect(signature(body, "k")).toBe(`sha256=${crypto.createHmac("sha256", "k").update(body).digest("hex")}`);
    expect(JSON.parse(body)).toMatchObject({ version: 1, status: "firing", alert: { ruleId: 3, entity: "orders.eu", value: 42, since: "1970-01-01T00:00:00.000Z" } });
  });

  it("speak Slack's incoming-webhook format", () => {
    expect(JSON.parse(notificationBody("slack", { ...change, state: "resolved" }))).toEqual({
      text: "[RESOLVED] backlog: depth of rmq/orders.eu is 42 (rule: > 10 for 30s)",
    });
  });

  it("show webhook URLs without credentials, query or path tokens", () => {
    expect(shownUrl("https://hooks.slack.com/services/T000/B000/XXXX")).toBe("https://hooks.slack.com/services/…");
    expect(shownUrl("http://u:p@127.0.0.1:8080/hook")).toBe("http://127.0.0.1:8080/hook");
    expect(shownUrl("http://127.0.0.1:8080/?token=x")).toBe("http://127.0.0.1:8080/…");
    expect(shownUrl("http://example.com")).toBe("http://example.com");
  });
});
