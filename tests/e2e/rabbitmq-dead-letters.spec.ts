import { expect, test } from "@playwright/test";
import { queueIdOf } from "../../lib/rabbitmq";
import { poll, TestVhost } from "../support/rabbitmq";
import { signIn } from "./fixtures";

// Dead letters of our own, in a vhost of this run on the shared broker (the e2e server's
// "rabbit" source sees every vhost).
const vh = new TestVhost("-e2e");
const ORIGIN = "orders";
const DLQ = "orders.dlq";

test.beforeAll(async () => {
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertExchange("dlx", "direct", { durable: true });
  await ch.assertQueue(DLQ, { durable: true });
  await ch.bindQueue(DLQ, "dlx", ORIGIN);
  await ch.assertQueue(ORIGIN, { durable: true, arguments: { "x-dead-letter-exchange": "dlx" } });
  await ch.close();
  await vh.deadLetter(ORIGIN, ['{"order": 1, "sku": "A-1"}', '{"order": 2, "sku": "B-2"}', '{"order": 3, "sku": "C-3"}'], { reason: "rejected" });
  await poll("dead letters", async () => ((await vh.depth(DLQ)) === 3 ? true : undefined));
});

test.afterAll(async () => {
  await vh.delete();
});

test("dead-letters view: inspect a message, replay it, see the counts change", async ({ page }) => {
  await signIn(page);
  await page.goto("/sources/rabbit");
  await page.getByRole("link", { name: "Dead letters →" }).click();
  await expect(page.getByRole("heading", { name: "Dead letters" })).toBeVisible();

  const row = page.getByTestId("dlq-row").filter({ hasText: vh.name });
  await expect(row).toContainText(DLQ);
  await expect(row).toContainText(ORIGIN);
  await expect(row.getByTestId("dlq-depth")).toHaveText("3");
  await row.getByRole("button", { name: "Inspect" }).click();

  await page.getByRole("button", { name: "Peek messages" }).click();
  const messages = page.getByTestId("message");
  await expect(messages).toHaveCount(3);
  await messages.first().getByRole("button", { expanded: false }).click();
  const detail = page.getByTestId("message-detail");
  await expect(detail.getByTestId("payload")).toContainText('"sku": "A-1"');
  const deaths = detail.getByRole("table", { name: "x-death history" });
  await expect(deaths).toContainText("rejected");
  await expect(deaths).toContainText(ORIGIN);
  await page.screenshot({ path: "test-results/rabbitmq-dead-letters-inspect.png", fullPage: true });

  await messages.first().getByRole("checkbox").check();
  await page.getByRole("button", { name: "Replay 1 picked" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Replay 1 message from ${DLQ}`);
  await expect(dialog).toContainText("never lose one");
  await dialog.getByRole("button", { name: "Start replay" }).click();

  const op = page.getByTestId("operation");
  await expect(op).toHaveAttribute("data-status", "done");
  await expect(op.getByTestId("operation-report")).toContainText("1 done of 3");
  await expect(op.getByRole("progressbar")).toBeVisible();
  // The collector's next ticks show the new counts; the broker agrees.
  await expect(row.getByTestId("dlq-depth")).toHaveText("2");
  expect(await vh.depth(DLQ)).toBe(2);
  expect(await vh.depth(ORIGIN)).toBe(1);
  // The peek from before the replay is not re-read by itself (a peek requeues): it says so.
  await expect(page.getByTestId("peek-out-of-date")).toBeVisible();
  await expect(messages.first().getByRole("checkbox")).toHaveCount(0);
  await page.screenshot({ path: "test-results/rabbitmq-dead-letters-replayed.png", fullPage: true });
  await page.getByRole("button", { name: "Peek again" }).click();
  await expect(messages).toHaveCount(2);
  await expect(page.getByTestId("peek-out-of-date")).toHaveCount(0);
});

test("queue page in dark mode at phone width: charts, facts, purge names queue and count", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.goto(`/sources/rabbit/queues/${vh.path}/${DLQ}`);
  await expect(page.getByRole("heading", { name: DLQ })).toBeVisible();
  await expect(page.getByTestId("dlq-origins")).toContainText(ORIGIN);
  await expect(page.getByTestId("chart-Messages")).toBeVisible();
  await page.getByRole("button", { name: "Purge" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Purge 2 messages from ${DLQ}?`);
  await expect(dialog.getByRole("button", { name: "Purge" })).toBeDisabled();
  await page.screenshot({ path: "test-results/rabbitmq-queue-phone-dark.png", fullPage: true });
  await dialog.getByLabel("Confirmation text").fill(DLQ);
  await dialog.getByRole("button", { name: "Purge" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Purged 2 messages." })).toBeVisible();
  expect(await vh.depth(DLQ)).toBe(0);
  // The purge is marked on the queue's charts (from the audit log), so the drop has its cause.
  await expect(page.getByTestId("chart-Messages").getByTestId("chart-marker").first()).toContainText(`queue.purge ${DLQ}`, { timeout: 30_000 });
});

test("a readable queue URL opens the queue page; an old base64 link redirects to it", async ({ page }) => {
  await signIn(page);
  const readable = `/sources/rabbit/queues/${vh.path}/${ORIGIN}`;
  await page.goto(readable);
  await expect(page.getByRole("heading", { name: ORIGIN })).toBeVisible();
  await expect(page.getByText(`vhost ${vh.name}`).first()).toBeVisible();

  await page.goto(`/sources/rabbit/queues/${queueIdOf(vh.name, ORIGIN)}`);
  await expect(page).toHaveURL(new RegExp(`${readable}$`));
  await expect(page.getByRole("heading", { name: ORIGIN })).toBeVisible();
  // Links between queues are readable too: the dead-letter route names its target queue.
  await expect(page.getByRole("link", { name: DLQ, exact: true })).toHaveAttribute("href", `/sources/rabbit/queues/${vh.path}/${DLQ}`);
});

test("a copied URL restores the chart's time range and the dead-letters filter", async ({ page }) => {
  await signIn(page);
  await page.goto(`/sources/rabbit/queues/${vh.path}/${DLQ}?range=6h`);
  await expect(page.getByRole("heading", { name: DLQ })).toBeVisible();
  await expect(page.getByRole("radio", { name: "6 h" })).toHaveAttribute("aria-checked", "true");
  await page.getByRole("radio", { name: "24 h" }).click();
  await expect(page).toHaveURL(/[?&]range=24h$/);

  await page.goto(`/sources/rabbit/dead-letters?filter=${vh.path}`);
  await expect(page.getByLabel("Filter dead-letter queues")).toHaveValue(vh.name);
  const rows = page.getByTestId("dlq-row");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(DLQ);
  await page.getByLabel("Filter dead-letter queues").fill(`${vh.name}-nothing-like-it`);
  await expect(rows).toHaveCount(0);
  await expect(page.getByText("No dead-letter queue matches this filter")).toBeVisible();
  expect(new URL(page.url()).searchParams.get("filter")).toBe(`${vh.name}-nothing-like-it`);
});
