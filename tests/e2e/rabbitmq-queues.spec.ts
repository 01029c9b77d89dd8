import { expect, test, type Page } from "@playwright/test";
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

/** The queue table's scroll box (the exchange table below has one too). */
const queueScroll = (page: Page) => page.getByTestId("table-scroll").filter({ has: page.getByRole("table", { name: "Queues" }) });
const queueNames = (page: Page) => page.getByTestId("queue-row").locator("td:first-child a").allTextContents();

test("10,000 queues: virtualized, filtered, sorted, linked", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  // The page reads the list as the server's one gzip of the tick's list and unzips it itself.
  const listRead = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/sources/rabbit/queues" && r.status() === 200);
  await page.goto("/sources/rabbit");
  const list = await listRead;
  expect(list.headers()["content-type"]).toBe("application/gzip");
  expect(list.headers()["x-queuedeck-body"]).toBe("gzip-json");
  await page.getByLabel("Vhost", { exact: true }).first().waitFor();
  await page.locator("select[aria-label='Vhost']").selectOption(vh.name);
  // "10,000 queues", or "10,000 of N queues" when other vhosts have queues too.
  await expect(page.getByTestId("queue-count")).toHaveText(/^10,000( of [\d,.K]+)? queues$/, { timeout: 60_000 });
  const rows = page.getByTestId("queue-row");
  await expect(queueScroll(page)).toHaveAttribute("data-virtual", "true");
  expect(await rows.count()).toBeLessThan(60);

  // Sorted by depth (descending) by default: the queue with 42 messages comes first.
  await expect(rows.first()).toContainText(name(7));
  await expect(rows.first()).toContainText("42");

  await page.getByRole("button", { name: "Queue" }).click();
  await expect(rows.first()).toContainText(name(0));
  await expect(rows.first()).toContainText("DLX");
  await expect(page.getByRole("columnheader", { name: "Queue" })).toHaveAttribute("aria-sort", "ascending");
  await queueScroll(page).evaluate((el) => (el.scrollTop = el.scrollHeight));
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

test("sorting a column reorders the rows; filters and sort live in a URL that reopens the same view", async ({ page, context }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await page.goto(`/sources/rabbit?vhost=${vh.path}&filter=q.0000`);
  await expect(page.getByTestId("queue-count")).toHaveText(/^10 of /, { timeout: 60_000 });
  await expect(queueScroll(page)).toHaveAttribute("data-virtual", "false");
  // By depth, descending: load.q.00007 (42 messages) first, the rest by name.
  await expect.poll(async () => (await queueNames(page))[0]).toBe(name(7));

  await page.getByRole("button", { name: "Queue" }).click();
  const ascending = Array.from({ length: 10 }, (_, i) => name(i));
  await expect.poll(() => queueNames(page)).toEqual(ascending);
  await page.getByRole("button", { name: "Queue" }).click();
  await expect.poll(() => queueNames(page)).toEqual([...ascending].reverse());
  await expect(page.getByRole("columnheader", { name: "Queue" })).toHaveAttribute("aria-sort", "descending");
  await page.getByRole("button", { name: "Messages" }).click();
  await expect(page.getByRole("columnheader", { name: "Messages" })).toHaveAttribute("aria-sort", "descending");
  await expect.poll(async () => (await queueNames(page))[0]).toBe(name(7));
  await page.getByRole("button", { name: "Queue" }).click();
  await expect.poll(() => queueNames(page)).toEqual(ascending);
  await expect(page).toHaveURL(/[?&]sort=name(&|$)/);

  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByLabel("Filter by name")).toHaveValue("q.0000");
  await expect(other.locator("select[aria-label='Vhost']")).toHaveValue(vh.name);
  await expect(other.getByTestId("queue-count")).toHaveText(/^10 of /);
  await expect(other.getByRole("columnheader", { name: "Queue" })).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(() => queueNames(other)).toEqual(ascending);
  await other.close();
});

test("keyboard: ArrowDown and Enter on a queue row open that queue", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await page.goto(`/sources/rabbit?vhost=${vh.path}&filter=q.0000&sort=name`);
  await expect(page.getByTestId("queue-count")).toHaveText(/^10 of /, { timeout: 60_000 });
  const rows = page.getByTestId("queue-row");
  await rows.first().focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(rows.nth(2)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/sources/rabbit/queues/${vh.path}/${name(1).replace(/\./g, "\\.")}$`));
  await expect(page.getByRole("heading", { name: name(1) })).toBeVisible();

  // In the 10,000-row (virtualized) table, End reaches the last row and Enter opens it.
  await page.goto(`/sources/rabbit?vhost=${vh.path}&sort=name`);
  await expect(queueScroll(page)).toHaveAttribute("data-virtual", "true", { timeout: 60_000 });
  await rows.first().focus();
  await page.keyboard.press("End");
  await expect(page.locator("[data-testid='queue-row']:focus")).toContainText(name(COUNT - 1));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: name(COUNT - 1) })).toBeVisible();
});
