// BullMQ in the browser, against the real local Redis (source "jobs", prefix "bull") with a real
// worker: retry a failed job from its page and see the counts change; set a rate limit and see it.
import { expect, test, type Page } from "@playwright/test";
import { Queue, Worker } from "bullmq";
import IORedis from "ioredis";
import { signIn } from "./fixtures";

const PREFIX = "bull";
const NAME = `e2e ${Date.now().toString(36)} Überweisung`;
const QID = Buffer.from(NAME, "utf8").toString("base64url");
// Readable: the queue's name in the path (encoded); the API keeps the base64url id.
const QUEUE_PAGE = `/sources/jobs/queues/${encodeURIComponent(NAME)}`;
const OLD_QUEUE_PAGE = `/sources/jobs/queues/${QID}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
let connection: IORedis;
let queue: Queue;

test.beforeAll(async () => {
  connection = new IORedis(process.env.QUEUEDECK_REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  queue = new Queue(NAME, { connection, prefix: PREFIX });
  await queue.addBulk([
    ...[1, 2, 3].map((i) => ({ name: "charge", data: { i, fail: true, customer: { id: 100 + i } } })),
    ...[4, 5].map((i) => ({ name: "charge", data: { i, fail: false } })),
  ]);
  const workerConnection = connection.duplicate();
  const worker = new Worker(
    NAME,
    async (job) => {
      await job.log(`charging customer ${job.data.i}`);
      if (job.data.fail) throw new Error(`card declined for ${job.data.i}`);
      return { charged: true };
    },
    { connection: workerConnection, prefix: PREFIX },
  );
  await expect.poll(() => queue.getJobCountByTypes("failed", "completed"), { timeout: 15_000 }).toBe(5);
  await worker.close();
  await workerConnection.quit();
});

test.afterAll(async () => {
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await connection.quit();
});

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/bullmq-${name}.png`, fullPage: true });
}

async function setDark(page: Page, dark: boolean) {
  const isDark = await page.locator("html").evaluate((el) => el.classList.contains("dark"));
  if (isDark !== dark) await page.getByRole("button", { name: "Toggle dark mode" }).click();
}

test("retry a failed job from its page and see the counts change", async ({ page }) => {
  await signIn(page);
  await page.goto("/sources/jobs");
  const row = page.getByTestId(`bull-queue-${NAME}`);
  await expect(row.getByTestId("count-failed")).toHaveText("3");
  await expect(row.getByTestId("count-completed")).toHaveText("2");
  await shoot(page, "source-light");
  await row.getByRole("link", { name: NAME }).click();

  await expect(page).toHaveURL(new RegExp(`${escape(QUEUE_PAGE)}$`));
  await expect(page.getByTestId("queue-name")).toHaveText(NAME);
  await expect(page.getByTestId("tab-count-failed")).toHaveText("3");
  await expect(page.getByTestId("tab-failed")).toHaveAttribute("aria-selected", "true");
  const rows = page.getByTestId("job-table").locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("card declined");
  await shoot(page, "queue-light");

  const [newest] = await queue.getFailed(0, 0);
  await page.getByTestId(`job-row-${newest!.id}`).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`${escape(QUEUE_PAGE)}/jobs/${newest!.id}$`));
  await expect(page.getByTestId("job-state")).toHaveText("Failed");
  await expect(page.getByTestId("job-failure")).toContainText(`card declined for ${newest!.data.i}`);
  await expect(page.getByTestId("job-logs")).toContainText(`charging customer ${newest!.data.i}`);
  await expect(page.getByTestId("job-data")).toContainText('"customer"');
  await shoot(page, "job-light");

  await page.getByRole("button", { name: "Retry job…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Job ${newest!.id} (charge) of queue ${NAME} moves back to waiting: 1 job.`);
  await dialog.getByRole("button", { name: "Retry 1 job" }).click();
  await expect(page.getByTestId("job-action-result")).toHaveText("Retried: the job is waiting again.");
  await expect(page.getByTestId("job-state")).toHaveText("Waiting");
  expect(await queue.getJobState(newest!.id!)).toBe("waiting");

  await page.getByTestId("breadcrumb-queue").click();
  await expect(page.getByTestId("tab-count-failed")).toHaveText("2");
  await expect(page.getByTestId("tab-count-waiting")).toHaveText("1");
  await expect(page.getByTestId("job-table").locator("tbody tr")).toHaveCount(2);
});

test("set a rate limit and see it shown", async ({ page }) => {
  await signIn(page);
  await page.goto(QUEUE_PAGE);
  await expect(page.getByTestId("current-rate-limit")).toHaveText("None: workers take jobs as fast as they can.");
  await page.getByLabel("Max jobs").fill("5");
  await page.getByLabel("Duration in ms").fill("2000");
  await page.getByRole("button", { name: "Set limit" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Limit ${NAME} to 5 jobs per 2 s?`);
  await dialog.getByRole("button", { name: "Set rate limit" }).click();
  await expect(page.getByTestId("current-rate-limit")).toHaveText("At most 5 jobs per 2 s, across all workers.");
  await expect(page.locator("header").getByTestId("rate-limit")).toHaveText("≤ 5 / 2 s");
  expect(await queue.getGlobalRateLimit()).toEqual({ max: 5, duration: 2000 });

  await page.goto("/sources/jobs");
  await expect(page.getByTestId(`bull-queue-${NAME}`).getByTestId("rate-limit")).toHaveText("≤ 5 / 2 s");
});

test("search with progress, and the pages in dark mode and at phone width", async ({ page }) => {
  await signIn(page);
  await page.goto(QUEUE_PAGE);
  await page.getByLabel("Search jobs").fill("$.customer.id=102");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByTestId("search-report")).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("search-report")).toContainText("1 match · looked at");
  await expect(page.getByTestId("job-search").getByTestId("job-table").locator("tbody tr")).toHaveCount(1);

  await setDark(page, true);
  await shoot(page, "queue-dark");
  const [job] = await queue.getFailed(0, 0);
  await page.goto(`${QUEUE_PAGE}/jobs/${job!.id}`);
  await expect(page.getByTestId("job-state")).toHaveText("Failed");
  await shoot(page, "job-dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("job-state")).toHaveText("Failed");
  await shoot(page, "job-phone-dark");
  await page.goto(QUEUE_PAGE);
  await expect(page.getByTestId("queue-name")).toHaveText(NAME);
  await shoot(page, "queue-phone-dark");
  await setDark(page, false);
  await shoot(page, "queue-phone-light");
});

test("old base64 links redirect to the readable queue and job URLs", async ({ page }) => {
  await signIn(page);
  await page.goto(OLD_QUEUE_PAGE);
  await expect(page).toHaveURL(new RegExp(`${escape(QUEUE_PAGE)}$`));
  await expect(page.getByTestId("queue-name")).toHaveText(NAME);
  const [job] = await queue.getCompleted(0, 0);
  await page.goto(`${OLD_QUEUE_PAGE}/jobs/${job!.id}?from=old`);
  await expect(page).toHaveURL(new RegExp(`${escape(QUEUE_PAGE)}/jobs/${job!.id}\\?from=old$`));
  await expect(page.getByTestId("job-state")).toHaveText("Completed");
});

test("the state tab, the search and the time range live in the URL: a copied link opens the same view", async ({ page, context }) => {
  await signIn(page);
  await page.goto(QUEUE_PAGE);
  await page.getByTestId("tab-completed").click();
  await page.getByRole("radio", { name: "6 h" }).click();
  await page.getByLabel("Search jobs").fill("$.customer.id=101");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByTestId("search-report")).toHaveAttribute("data-status", "done");
  await expect(page).toHaveURL(/[?&]state=completed(&|$)/);
  await expect(page).toHaveURL(/[?&]range=6h(&|$)/);
  const copied = page.url();
  expect(new URL(copied).searchParams.get("q")).toBe("$.customer.id=101");

  const other = await context.newPage();
  await other.goto(copied);
  await expect(other.getByTestId("tab-completed")).toHaveAttribute("aria-selected", "true");
  await expect(other.getByRole("radio", { name: "6 h" })).toHaveAttribute("aria-checked", "true");
  await expect(other.getByLabel("Search jobs")).toHaveValue("$.customer.id=101");
  // The search runs again by itself and finds what the sender saw.
  await expect(other.getByTestId("search-report")).toHaveAttribute("data-status", "done");
  await expect(other.getByTestId("search-report")).toContainText("1 match · looked at");
  await other.close();
});
