// The dead-letter inbox in the browser: a RabbitMQ dead-letter queue and a BullMQ queue with
// failed jobs of this run appear in one list, filter by kind and by reason (kept in the URL),
// and open their source's own page.
import { expect, test } from "@playwright/test";
import { Queue, Worker } from "bullmq";
import IORedis from "ioredis";
import { poll, TestVhost } from "../support/rabbitmq";
import { signIn } from "./fixtures";

const vh = new TestVhost("-inbox");
const BULL_QUEUE = `inbox ${Date.now().toString(36)}`;
let connection: IORedis;
let queue: Queue;

test.beforeAll(async () => {
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertQueue("payments.dlq", { durable: true });
  await ch.assertQueue("payments", { durable: true, arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "payments.dlq" } });
  await ch.close();
  await vh.deadLetter("payments", ["p1", "p2", "p3"], { reason: "rejected" });
  await poll("dead letters", async () => ((await vh.depth("payments.dlq")) === 3 ? true : undefined));

  connection = new IORedis(process.env.QUEUEDECK_REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  queue = new Queue(BULL_QUEUE, { connection, prefix: "bull" });
  await queue.addBulk([101, 202].map((order) => ({ name: "ship", data: { order } })));
  const workerConnection = connection.duplicate();
  const worker = new Worker(
    BULL_QUEUE,
    async (job) => {
      throw new Error(`warehouse ${job.data.order} unreachable`);
    },
    { connection: workerConnection, prefix: "bull" },
  );
  await expect.poll(() => queue.getFailedCount(), { timeout: 15_000 }).toBe(2);
  await worker.close();
  await workerConnection.quit();
});

test.afterAll(async () => {
  await vh.delete();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await connection.quit();
});

test("the inbox lists dead letters of two kinds, filters by reason in the URL, and opens a row's source page", async ({ page }) => {
  await signIn(page);
  await page.getByRole("navigation").getByRole("link", { name: "Dead letters", exact: true }).click();
  await expect(page).toHaveURL("/dead-letters");
  await expect(page.getByRole("heading", { name: "Dead letters", level: 1 })).toBeVisible();

  const table = page.getByRole("table", { name: "Dead letters" });
  const rabbitRow = table.getByRole("row").filter({ hasText: `${vh.name}/payments.dlq` });
  const bullRow = table.getByRole("row").filter({ hasText: BULL_QUEUE });
  await expect(rabbitRow.getByTestId("inbox-count")).toHaveText("3");
  await expect(rabbitRow).toContainText("payments");
  await expect(bullRow.getByTestId("inbox-count")).toHaveText("2");
  await expect(bullRow.getByTestId("inbox-reason")).toHaveText("2× warehouse <n> unreachable");
  await page.screenshot({ path: "test-results/inbox-light.png", fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.screenshot({ path: "test-results/inbox-dark.png", fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();

  // A reason picked from a row becomes the filter: only rows with that reason stay.
  await bullRow.getByRole("button", { name: "warehouse <n> unreachable" }).click();
  await expect(page).toHaveURL(/[?&]reason=warehouse/);
  await expect(bullRow).toBeVisible();
  await expect(rabbitRow).toHaveCount(0);
  await page.reload();
  await expect(bullRow.getByTestId("inbox-count")).toHaveText("2");
  await expect(rabbitRow).toHaveCount(0);

  // By kind: RabbitMQ only.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByLabel("Kind").selectOption("rabbitmq");
  await expect(page).toHaveURL(/[?&]kind=rabbitmq/);
  await expect(rabbitRow).toBeVisible();
  await expect(bullRow).toHaveCount(0);

  // A filter nothing matches says what is watched.
  await page.getByLabel("Origin").fill("no-such-origin-anywhere");
  await page.getByLabel("Origin").press("Enter");
  await expect(page.getByText("No dead letters match these filters")).toBeVisible();
  await expect(page.getByTestId("inbox-watched")).toContainText("dead-letter queues");

  // A row opens its source's page for those letters.
  await page.goto("/dead-letters?kind=rabbitmq");
  await rabbitRow.getByRole("link", { name: `${vh.name}/payments.dlq` }).click();
  await expect(page).toHaveURL(`/sources/rabbit/queues/${encodeURIComponent(vh.name)}/payments.dlq`);
});
