import { expect, test } from "@playwright/test";
import { rabbitAmqpUrl, rabbitManagementUrl } from "../support/brokers";
import { startOidcProvider, type RunningProvider } from "../support/oidc-provider";
import { poll, TestVhost } from "../support/rabbitmq";
import { freePort, startServer, type RunningServer } from "../support/server";

// Single sign-on in the browser against a real provider (oidc-provider): "Sign in with Test IdP",
// the provider's login page, back on QueueDeck with the mapped roles: operator on rabbit-main
// (its queue offers Purge), viewer on audit-rabbit (the same broker: no action offered); then
// sign-out through the provider's end-session page back to QueueDeck's sign-in.
const vh = new TestVhost("-sso");
const QUEUE = "sso-orders";
let provider: RunningProvider;
let server: RunningServer;
let base: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertQueue(QUEUE, { durable: true });
  ch.sendToQueue(QUEUE, Buffer.from('{"order": 1}'), { persistent: true });
  await ch.waitForConfirms();
  await ch.close();
  await poll("one message", async () => ((await vh.depth(QUEUE)) === 1 ? true : undefined));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider({
    redirectUris: [`${base}/api/v1/session/oidc/callback`],
    postLogoutRedirectUris: [`${base}/signin`],
    accounts: { alice: { preferred_username: "alice", groups: ["sre"] } },
  });
  const rabbit = { kind: "rabbitmq", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() };
  server = await startServer({
    port,
    config: {
      sources: [
        { id: "rabbit-main", name: "Payments RabbitMQ", ...rabbit },
        { id: "audit-rabbit", name: "Audit RabbitMQ", ...rabbit },
      ],
      auth: {
        oidc: {
          name: "Test IdP",
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: "${QD_OIDC_SECRET}",
          scopes: ["openid", "profile", "groups"],
          redirectBaseUrl: base,
          mappings: [
            { claim: "groups", value: "sre", role: "operator", sources: ["rabbit-main"] },
            { claim: "groups", value: "sre", role: "viewer", sources: "*" },
          ],
        },
      },
    },
    env: { QD_OIDC_SECRET: provider.clientSecret },
  });
});

test.afterAll(async () => {
  await server?.stop();
  await provider?.stop();
  await vh.delete();
});

test("signs in with SSO, gets operator on one source and viewer on the other, signs out at the provider", async ({ page }) => {
  // Two servers of our own (QueueDeck and the provider) on a machine shared with other runs.
  test.setTimeout(180_000);
  await page.goto(`${base}/signin`);
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  // The provider's own login page.
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill("alice");
  await page.locator('input[name="password"]').fill("any-password");
  await page.locator('button[type="submit"]').click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("current-user")).toContainText("alice");

  await page.goto(`${base}/sources/rabbit-main/queues/${vh.path}/${QUEUE}`);
  await expect(page.getByRole("heading", { name: QUEUE })).toBeVisible();
  await expect(page.getByRole("button", { name: "Purge", exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/sso-operator-source.png" });

  await page.goto(`${base}/sources/audit-rabbit/queues/${vh.path}/${QUEUE}`);
  await expect(page.getByRole("heading", { name: QUEUE })).toBeVisible();
  await expect(page.getByText("Actions need the operator role")).toBeVisible();
  await expect(page.getByRole("button", { name: "Purge", exact: true })).toHaveCount(0);
  await page.screenshot({ path: "test-results/sso-viewer-source.png" });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/session/end`));
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect(page).toHaveURL(`${base}/signin`);
  await expect(page.getByRole("link", { name: "Sign in with Test IdP" })).toBeVisible();
  expect((await page.request.get(`${base}/api/v1/session`)).status()).toBe(401);
  expect(await vh.depth(QUEUE)).toBe(1);
});
