import { expect, test } from "@playwright/test";
import { poll, TestVhost } from "../support/rabbitmq";
import { signIn } from "./fixtures";

// 10,000 queues of our own in a vhost of this run: the source page's table must stay
// virtualized (few rows in the DOM) and still reach every queue by scroll, filter and sort.
const vh = new TestVhost("-e2e-many");
const COUNT = 10_000;
const name = (i: number) => `load.q.${String(i).padStart(5, "0")}`;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await vh.create();
  const ch = await (await vh.connection()).createChannel();
  for (let i = 0; i < COUNT; i++) void ch.assertQueue(name(i), { durable: false, arguments: i === 0 ? { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": name(1) } : {} });
  await poll("queues declared", async () => ((await ch.checkQueue(name(COUNT - 1))).queue ? true : undefined));
  const pub = await vh.confirmChannel();
  for (let i = 0; i < 42; i++) pub.sendToQueue(name(7), Buffer.from(`m${i}`));
  await pub.waitForConfirms();
  await ch.close();
  await pub.close();
});

test.afterAll(async () => {
  await vh.delete();
});

test("10,000 queues: virtualized, filtered, sorted, linked", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await page.goto("/sources/rabbit");
  await page.getByLabel("Vhost", { exact: true }).first().waitFor();
  await page.locator("select[aria-label='Vhost']").selectOption(vh.name);
  // "10,000 queues", or "10,000 of N queues" when other vhosts have queues too.
  await expect(page.getByTestId("queue-count")).toHaveText(/^10,000( of [\d,.K]+)? queues$/, { timeout: 60_000 });
  const rows = page.getByTestId("queue-row");
  expect(await rows.count()).toBeLessThan(60);

  // Sorted by depth (descending) by default: the queue with 42 messages comes first.
  await expect(rows.first()).toContainText(name(7));
  await expect(rows.first()).toContainText("42");

  await page.getByRole("button", { name: "Queue" }).click();
  await expect(rows.first()).toContainText(name(0));
  await expect(rows.first()).toContainText("DLX");
  await page.getByTestId("virtual-body").evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.getByRole("link", { name: name(COUNT - 1), exact: true })).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);

  await page.locator("select[aria-label='Dead letters']").selectOption("dlq");
  await expect(page.getByTestId("queue-count")).toHaveText(/^1 of /);
  await expect(rows.first()).toContainText(name(1));
  await expect(rows.first()).toContainText("DLQ");
  await page.locator("select[aria-label='Dead letters']").selectOption("all");

  await page.getByLabel("Filter by name").fill("q.09998");
  await expect(rows).toHaveCount(1);
  await page.screenshot({ path: "test-results/rabbitmq-source-light.png", fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.getByLabel("Filter by name").fill("");
  await page.screenshot({ path: "test-results/rabbitmq-source-dark.png", fullPage: true });
  await page.getByLabel("Filter by name").fill("q.09998");
  await page.getByRole("link", { name: name(9998) }).click();
  await expect(page.getByRole("heading", { name: name(9998) })).toBeVisible();
  await expect(page.getByTestId("queue-depth")).toHaveText("0");
});
