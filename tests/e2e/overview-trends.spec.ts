// The overview's trends: three sparklines on every source card, one throughput chart with a line
// per source, and an action (a purge) as a marker on that chart's time axis.
import { expect, test } from "@playwright/test";
import { TestVhost } from "../support/rabbitmq";
import { signIn } from "./fixtures";

const vh = new TestVhost("-trends");
const QUEUE = "trend.orders";

test.beforeAll(async () => {
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertQueue(QUEUE, { durable: true });
  for (let i = 0; i < 4; i++) ch.sendToQueue(QUEUE, Buffer.from(`order ${i}`));
  await ch.waitForConfirms();
  await ch.close();
});

test.afterAll(async () => {
  await vh.delete();
});

test("every source card has depth, throughput and dead-letter sparklines; one chart draws every source's throughput with the purge marked", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  const cards = page.locator("[data-testid^='source-card-']");
  await expect(cards.first()).toBeVisible();
  const count = await cards.count();
  expect(count).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < count; i++) {
    const card = cards.nth(i);
    await expect(card.getByTestId("sparkline")).toHaveCount(3);
    await expect(card.getByTestId("sparkline").nth(0)).toHaveAttribute("data-metric", "Depth");
    await expect(card.getByTestId("sparkline").nth(1)).toHaveAttribute("data-metric", "Throughput");
    await expect(card.getByTestId("sparkline").nth(2)).toHaveAttribute("data-metric", "Dead letters");
  }
  // With 1 s ticks the local sources soon have a line each, with the current value and its unit.
  const rabbit = page.getByTestId("source-card-rabbit");
  await expect(rabbit.getByTestId("sparkline").first().locator(".recharts-line")).toHaveCount(1, { timeout: 30_000 });
  await expect(rabbit.getByTestId("sparkline-value").first()).toContainText(/\d messages$/);
  await expect(page.getByTestId("source-card-jobs").getByTestId("sparkline").nth(1).locator(".recharts-line")).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId("source-card-jobs").getByTestId("sparkline-value").nth(1)).toContainText(/jobs\/s$/);

  const chart = page.getByTestId("chart-throughput-all");
  await expect(chart).toContainText("Throughput across all sources");
  await expect(chart.locator(".recharts-line")).toHaveCount(count, { timeout: 30_000 });
  const legend = chart.locator(".recharts-legend-item");
  await expect(legend).toHaveCount(count);
  for (const name of ["Local RabbitMQ", "Local BullMQ"]) await expect(legend.filter({ hasText: name })).toHaveCount(1);
  await expect(chart.locator("svg .recharts-label", { hasText: "per second" })).toHaveCount(1);
  await expect(chart.getByRole("radiogroup", { name: "Time range" })).toBeVisible();

  // A purge on the queue's page, then back: the chart across sources marks it, naming the source.
  await page.goto(`/sources/rabbit/queues/${vh.path}/${QUEUE}`);
  await page.getByRole("button", { name: "Purge" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Purge 4 messages from ${QUEUE}?`);
  await dialog.getByLabel("Confirmation text").fill(QUEUE);
  await dialog.getByRole("button", { name: "Purge" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Purged 4 messages." })).toBeVisible();
  await page.goto("/");
  const marker = chart.getByTestId("chart-marker").filter({ hasText: `queue.purge ${QUEUE} (vhost ${vh.name})` });
  await expect(marker.first()).toContainText("on rabbit by admin", { timeout: 30_000 });
  await expect(chart.locator(".recharts-reference-line")).not.toHaveCount(0);
  // The rabbit card's sparklines carry the same marker.
  await expect(rabbit.locator(".recharts-reference-line").first()).toBeAttached();

  // The range picker changes the chart's range and keeps it in the URL.
  await chart.getByRole("radio", { name: "15 min" }).click();
  await expect(page).toHaveURL(/range=15m/);
  await expect(chart.locator(".recharts-line")).toHaveCount(count);

  await page.screenshot({ path: "test-results/overview-trends-light.png", fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.screenshot({ path: "test-results/overview-trends-dark.png", fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
});
