// Acting on one reason group from the dead-letter inbox in the browser: a BullMQ queue with
// failed jobs of two reasons; "Retry 2" on one group opens a confirmation naming the source, the
// queue, the signature, the count and what can happen twice, then shows the progress, and the
// row's count drops to the other group's.
import { expect, test } from "@playwright/test";
import { Queue, Worker } from "bullmq";
import IORedis from "ioredis";
import { signIn } from "./fixtures";

const BULL_QUEUE = `ib-actions-${Date.now().toString(36)}`;
let connection: IORedis;
let queue: Queue;

test.beforeAll(async () => {
  connection = new IORedis(process.env.QUEUEDECK_REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  queue = new Queue(BULL_QUEUE, { connection, prefix: "bull" });
  const why = ["warehouse 101 unreachable", "warehouse 202 unreachable", "address adr_9f3k2 invalid"];
  await queue.addBulk(why.map((text) => ({ name: "ship", data: { why: text } })));
  const workerConnection = connection.duplicate();
  const worker = new Worker(
    BULL_QUEUE,
    async (job) => {
      throw new Error(job.data.why);
    },
    { connection: workerConnection, prefix: "bull" },
  );
  await expect.poll(() => queue.getFailedCount(), { timeout: 15_000 }).toBe(3);
  await worker.close();
  await workerConnection.quit();
});

test.afterAll(async () => {
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await connection.quit();
});

test("retries one reason group from the inbox and the row's count drops", async ({ page }) => {
  await signIn(page);
  await page.goto(`/dead-letters?kind=bullmq&origin=${encodeURIComponent(BULL_QUEUE)}`);
  const row = page.getByRole("table", { name: "Dead letters" }).getByRole("row").filter({ hasText: BULL_QUEUE });
  await expect(row.getByTestId("inbox-count")).toHaveText("3");
  const group = row.getByTestId("inbox-reason-group").filter({ hasText: "warehouse <n> unreachable" });
  await expect(group).toContainText("2× warehouse <n> unreachable");

  await group.getByRole("button", { name: "Retry 2" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("reason-action-count")).toHaveText("2");
  await expect(dialog).toContainText(BULL_QUEUE);
  await expect(dialog).toContainText("Local BullMQ");
  await expect(dialog.getByTestId("reason-action-signature")).toHaveText("warehouse <n> unreachable");
  await expect(dialog.getByTestId("reason-action-duplicates")).toContainText("none is lost or retried twice");
  await page.screenshot({ path: "test-results/inbox-action-dialog.png" });

  await dialog.getByRole("button", { name: "Retry 2" }).click();
  await expect(dialog.getByTestId("operation")).toHaveAttribute("data-status", "done");
  await expect(dialog.getByTestId("operation-report")).toHaveText("2 done of 3, 1 skipped, 0 failed");
  // The modal covers the theme button: the class it toggles, set directly.
  await page.evaluate(() => document.documentElement.classList.add("dark"));
  await page.screenshot({ path: "test-results/inbox-action-done-dark.png" });
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await expect(row.getByTestId("inbox-count")).toHaveText("1");
  await expect(row.getByTestId("inbox-reason")).toHaveText(/1× address <id> invalid/);
  expect(await queue.getWaitingCount()).toBe(2);
  expect(await queue.getFailedCount()).toBe(1);
});
