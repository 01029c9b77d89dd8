import { expect, test, type Page } from "@playwright/test";
import { poll, TestVhost } from "../support/rabbitmq";
import { signIn } from "./fixtures";

// The strict Content-Security-Policy (per-response nonce, no unsafe-eval) must not break a page:
// every page a user walks through runs in real Chromium without a CSP violation or a console
// error, and every answer carries the security headers.
const vh = new TestVhost("-csp");
const QUEUE = "csp.orders";

test.beforeAll(async () => {
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertQueue(QUEUE, { durable: false });
  ch.sendToQueue(QUEUE, Buffer.from('{"order": 1}'));
  await ch.waitForConfirms();
  await ch.close();
  await poll("one message", async () => ((await vh.depth(QUEUE)) === 1 ? true : undefined));
});

test.afterAll(async () => {
  await vh.delete();
});

/** Collects what the browser reports: CSP violations (as events in the page) and console errors. */
async function watch(page: Page): Promise<{ violations: string[]; errors: string[] }> {
  const seen = { violations: [] as string[], errors: [] as string[] };
  await page.exposeFunction("__qdViolation", (v: string) => seen.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __qdViolation: (v: string) => void }).__qdViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  page.on("console", (m) => {
    if (m.type() === "error" || /content security policy/i.test(m.text())) seen.errors.push(m.text());
  });
  page.on("pageerror", (e) => seen.errors.push(e.message));
  return seen;
}

test("sign-in, overview, source, queue and admin pages run under the CSP without a violation", async ({ page }) => {
  // The shared RabbitMQ holds thousands of other runs' queues: the source page may take a while.
  test.setTimeout(180_000);
  const seen = await watch(page);
  const csps: string[] = [];
  page.on("response", (r) => {
    if (r.request().resourceType() === "document") csps.push(r.headers()["content-security-policy"] ?? "");
  });

  await signIn(page);
  // The client-side scripts ran: the overview's cards and their status come from the API after
  // hydration (whatever the broker's state on a busy shared machine).
  await expect(page.getByTestId("source-card-rabbit").getByTestId("status")).toHaveAttribute("data-status", /^(up|degraded|down)$/);

  await page.goto("/sources/rabbit");
  await page.locator("select[aria-label='Vhost']").first().waitFor({ timeout: 90_000 });

  await page.goto(`/sources/rabbit/queues/${vh.path}/${QUEUE}`);
  await expect(page.getByRole("heading", { name: QUEUE })).toBeVisible();

  await page.goto("/admin");
  await expect(page.getByRole("table", { name: "Users" })).toBeVisible();

  // Dark mode's before-paint script carries the nonce, so it ran: the toggle's choice survives a reload.
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);

  expect(seen.violations).toEqual([]);
  expect(seen.errors).toEqual([]);
  expect(csps.length).toBeGreaterThanOrEqual(5);
  const nonces = csps.map((c) => /'nonce-([^']+)'/.exec(c)?.[1]);
  for (const csp of csps) {
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
  }
  // A fresh nonce for every page.
  expect(new Set(nonces).size).toBe(csps.length);
});

test("a page and an API answer carry the security headers", async ({ page, request }) => {
  const doc = await page.goto("/signin");
  const headers = doc!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  // Served over plain http here: no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();

  const api = await request.get("/api/v1/sources");
  expect(api.status()).toBe(401);
  expect(api.headers()["cache-control"]).toBe("no-store");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});
